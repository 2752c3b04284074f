/**
 * The backend-neutral core every injector shares: per request, count it, let the selector pick a
 * fault, and ask the catalog (or the healthy fake provider) for the action to render.
 */

import { parseRetryAfterMs } from '../router/retry-after.ts';
import { type Action, bodyText } from './action.ts';
import { catalogPolicy, kindOf } from './catalog.ts';
import { correlationEcho } from './correlation.ts';
import { type AnswerMeta, type RenderOptions, renderAnswer, renderChunks } from './fakes/answer.ts';
import { HealthyAnswerCache } from './fakes/answer-cache.ts';
import { type Answer, type AnswerContext, healthyAnswer } from './fakes/index.ts';
import type { FaultContext } from './kinds/types.ts';
import { assertSupported } from './matrix.ts';
import { type Fault, parseFaults } from './model.ts';
import { createRandom, type Random } from './random.ts';
import {
  describeRequest,
  hubModel,
  isChatCompletion,
  type ProviderRequest,
  type RawRequest,
} from './request.ts';
import { FaultSelector } from './selector.ts';
import { type InjectionStats, StatsCounter } from './stats.ts';
import type { BackendName } from './support.ts';
import type { UpstreamOperation } from './upstream-record.ts';
import {
  type AttemptFields,
  type AttemptTracker,
  type UpstreamQuery,
  UpstreamRecorder,
} from './upstream-recorder.ts';

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
  /** The most upstream attempts kept (default {@link UPSTREAM_RECORD_CAP}). */
  upstreamCap?: number;
}

/** One request's action, and the attempt it opened in the upstream record. */
export interface Begun {
  action: Action;
  attempt: AttemptTracker;
  /**
   * A healthy answer from the cache: the body whole, its bytes and its chunk count (SSE events, as
   * the record counts them), so a backend that sends it in one piece need not join and measure.
   */
  whole?: { body: string; bytes: number; count: number };
}

/** Decides, per request, what the client observes. */
export class FaultEngine {
  private readonly selector: FaultSelector;
  private readonly counter = new StatsCounter();
  private readonly record: UpstreamRecorder;
  private readonly answers = new HealthyAnswerCache();
  private readonly seed: number;
  private random: Random;
  /** The engine's own latency and chunk spacing (what {@link timing} gives with no kind's own). */
  private readonly baseTiming: RenderOptions;

  constructor(
    readonly backend: BackendName,
    options: EngineOptions = {},
  ) {
    this.seed = options.seed ?? 1;
    this.baseTiming = { delayMs: options.latencyMs ?? 0, chunkDelayMs: options.chunkDelayMs ?? 0 };
    this.record = new UpstreamRecorder(options.upstreamCap);
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

  /** Zeroes every counter, clears the upstream record, restarts the clock and reseeds. */
  reset(): void {
    this.selector.reset();
    this.counter.reset();
    this.record.clear();
    this.random = createRandom(this.seed ^ 0x9e3779b9);
  }

  stats(): InjectionStats {
    return this.counter.snapshot(this.backend, this.selector.getFaults(), this.selector.counters());
  }

  /** The upstream record: every request that reached a fake provider, in arrival order. */
  upstream(query?: UpstreamQuery) {
    return this.record.page(query);
  }

  /** Clears the upstream record only (stats and faults stay). */
  clearUpstream(): void {
    this.record.clear();
  }

  /** The action for one request (counted in the stats and recorded). */
  handle(raw: RawRequest): Action {
    return this.begin(raw).action;
  }

  /**
   * The action for one request, and its attempt in the upstream record: the backend reports on it
   * as the answer goes out (headers, chunks, how it ended). `whole`: the backend sends a healthy
   * answer that needs no waiting in one piece, so a cached one comes as one chunk (the body), with
   * its real chunk count in {@link Begun.whole}; the record counts the same either way.
   */
  begin(raw: RawRequest, whole = false): Begun {
    const request = describeRequest(raw);
    const requestNumber = this.counter.request(request.provider);
    const selection = this.selector.select(request);
    if (selection) this.counter.inject(request.provider, selection.fault.kind);
    const fields: AttemptFields = {
      provider: request.provider,
      operation: operationOf(request),
      stream: request.stream,
      key: request.key,
      probe: request.probe,
      model: request.model,
      fault: selection
        ? {
            index: selection.index,
            kind: selection.fault.kind,
            variant: kindOf(selection.fault).variant(selection.fault as never),
          }
        : undefined,
    };
    // The status is only known from the action; the attempt opens first so its seq can be echoed.
    const attempt = this.record.open(fields);
    const answerCtx = this.answerContext(request, requestNumber, attempt.seq);
    // No fault, and an answer seen before: its bytes come from the cache.
    if (!selection) {
      const inOneGo = whole && this.immediate(request.stream);
      const cached = inOneGo
        ? this.answers.whole(request, answerCtx)
        : this.answers.chunks(request, answerCtx);
      if (cached) {
        const action = renderChunks(
          cached.status,
          cached.headers,
          cached.chunks,
          cached.stream,
          this.baseTiming,
        );
        attempt.plan(action.status, undefined);
        if (cached.meta) attempt.answered(cached.meta.usage, cached.meta.model);
        return { action, attempt, whole: cached };
      }
    }
    const ctx = this.context(request, answerCtx);
    // No fault: the healthy answer is rendered as built, with no copy (nothing edits it).
    const action = selection
      ? kindOf(selection.fault).action(selection.fault as never, ctx)
      : ctx.render(ctx.built());
    if (action.type === 'respond') {
      attempt.plan(action.status, advertisedWaitMs(action));
      const intact = !selection || kindOf(selection.fault).intact?.(selection.fault as never) === true;
      const meta = intact ? ctx.answered() : undefined;
      if (meta) attempt.answered(meta.usage, meta.model);
    }
    return { action, attempt };
  }

  private answerContext(request: ProviderRequest, requestNumber: number, seq: number): AnswerContext {
    return {
      seed: this.seed,
      requestNumber,
      ...(request.key === undefined ? {} : { echo: correlationEcho(request.key, request.provider, seq) }),
    };
  }

  /** True when a healthy answer goes out with no wait: no latency, and no spacing between events. */
  private immediate(stream: boolean): boolean {
    const { delayMs = 0, chunkDelayMs = 0 } = this.baseTiming;
    return delayMs <= 0 && (!stream || chunkDelayMs === 0);
  }

  /** The engine's latency and chunk spacing, plus a kind's own. */
  private timing(options: RenderOptions = {}): RenderOptions {
    return {
      delayMs: (this.baseTiming.delayMs ?? 0) + (options.delayMs ?? 0),
      chunkDelayMs: options.chunkDelayMs ?? this.baseTiming.chunkDelayMs ?? 0,
    };
  }

  private context(
    request: ProviderRequest,
    answerCtx: AnswerContext,
  ): FaultContext & { answered(): AnswerMeta | undefined; built(): Answer } {
    let healthy: Answer | undefined;
    return {
      ...answerCtx,
      request,
      random: this.random,
      answered: () => (healthy && healthy.type !== 'text' ? healthy.meta : undefined),
      built: () => {
        healthy ??= healthyAnswer(request, answerCtx);
        return healthy;
      },
      // A copy: kinds edit the answer they get (drop `choices`, cut events).
      healthy: () => {
        healthy ??= healthyAnswer(request, answerCtx);
        return structuredClone(healthy);
      },
      render: (answer: Answer, options: RenderOptions = {}) => renderAnswer(answer, this.timing(options)),
    };
  }
}

function operationOf(request: ProviderRequest): UpstreamOperation {
  if (isChatCompletion(request)) return 'chat';
  if (request.dialect === 'hf-hub') return hubModel(request.path) ? 'hub-model-info' : 'other';
  return request.method === 'GET' && /^\/v1\/models(\/|$)/.test(request.path) ? 'models' : 'other';
}

/**
 * The wait an error answer advertised: `retry-after-ms`, `retry-after`, the exhausted
 * `x-ratelimit-reset-*`, or Hugging Face's `estimated_time`. Healthy answers advertise none.
 */
function advertisedWaitMs(action: Extract<Action, { type: 'respond' }>): number | undefined {
  if (action.status < 400) return undefined;
  const fromHeaders = parseRetryAfterMs((name) => action.headers[name]);
  if (fromHeaders !== undefined) return fromHeaders;
  if (action.status !== 503) return undefined;
  // Only error bodies are read, and only when they can carry it: cheap, and off the healthy path.
  const text = bodyText(action);
  if (!text.includes('estimated_time')) return undefined;
  try {
    const value = (JSON.parse(text) as { estimated_time?: unknown }).estimated_time;
    return typeof value === 'number' && value >= 0 ? value * 1000 : undefined;
  } catch {
    return undefined;
  }
}
