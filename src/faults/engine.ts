/**
 * The backend-neutral core every injector shares: per request, count it, let the selector pick a
 * fault, and ask the catalog (or the healthy fake provider) for the action to render.
 */
import type { Action } from './action.ts';
import { catalogPolicy, kindOf } from './catalog.ts';
import type { FaultContext } from './kinds/types.ts';
import { assertSupported, type BackendName } from './matrix.ts';
import { type Fault, parseFaults } from './model.ts';
import { type RenderOptions, renderAnswer } from './providers/answer.ts';
import { type Answer, healthyAnswer } from './providers/index.ts';
import { createRandom, type Random } from './random.ts';
import { describeRequest, type ProviderRequest, type RawRequest } from './request.ts';
import { FaultSelector } from './selector.ts';
import { type InjectionStats, StatsCounter } from './stats.ts';

/** Options every injector accepts. */
export interface EngineOptions {
  /** Seed of the probability dice and latency samples (default 1). */
  seed?: number;
  /** Added before every answer's headers, healthy or not (default 0). */
  latencyMs?: number;
  /** Spacing between stream events of healthy streams (default 0). */
  chunkDelayMs?: number;
  /** Faults active from the start. */
  faults?: readonly unknown[];
  /** A monotonic clock in ms, for tests (default `performance.now`). */
  now?: () => number;
}

/** Decides, per request, what the client observes. */
export class FaultEngine {
  private readonly selector: FaultSelector;
  private readonly counter = new StatsCounter();
  private readonly seed: number;
  private random: Random;

  constructor(
    readonly backend: BackendName,
    private readonly options: EngineOptions = {},
  ) {
    this.seed = options.seed ?? 1;
    this.random = createRandom(this.seed ^ 0x9e3779b9);
    this.selector = new FaultSelector({ seed: this.seed, policy: catalogPolicy, now: options.now });
    if (options.faults) this.setFaults(options.faults);
  }

  /**
   * Validates and installs faults (replacing the previous ones, whose counters go); the clock and
   * the totals keep running. Throws, and keeps the previous faults, if one is invalid or unsupported.
   */
  setFaults(input: readonly unknown[], where = 'faults'): Fault[] {
    const faults = parseFaults(input, where);
    assertSupported(this.backend, faults, where);
    this.selector.setFaults(faults);
    return faults;
  }

  getFaults(): Fault[] {
    return this.selector.getFaults();
  }

  /** Zeroes every counter, restarts the clock and reseeds. */
  reset(): void {
    this.selector.reset();
    this.counter.reset();
    this.random = createRandom(this.seed ^ 0x9e3779b9);
  }

  stats(): InjectionStats {
    return this.counter.snapshot(this.backend, this.selector.getFaults(), this.selector.counters());
  }

  /** The action for one request (counted in the stats). */
  handle(raw: RawRequest): Action {
    const request = describeRequest(raw);
    const requestNumber = this.counter.request(request.provider);
    const ctx = this.context(request, requestNumber);
    const selection = this.selector.select(request);
    if (!selection) return ctx.render(ctx.healthy());
    this.counter.inject(request.provider, selection.fault.kind);
    return kindOf(selection.fault).action(selection.fault as never, ctx);
  }

  private context(request: ProviderRequest, requestNumber: number): FaultContext {
    const answerCtx = { seed: this.seed, requestNumber };
    let healthy: Answer | undefined;
    return {
      ...answerCtx,
      request,
      random: this.random,
      healthy: () => {
        healthy ??= healthyAnswer(request, answerCtx);
        return structuredClone(healthy);
      },
      render: (answer: Answer, options: RenderOptions = {}) =>
        renderAnswer(answer, {
          delayMs: (this.options.latencyMs ?? 0) + (options.delayMs ?? 0),
          chunkDelayMs: options.chunkDelayMs ?? this.options.chunkDelayMs ?? 0,
        }),
    };
  }
}
