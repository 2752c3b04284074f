/**
 * Blast radius, owned by the framework (as Toxiproxy's toxicity is): for each request, the first
 * fault whose target, window, flapping, counters and seeded dice all say yes. Kinds only say whether
 * they make sense for a request (`applies`) and whether they latch (a 429 storm).
 */
import type { Fault } from './model.ts';
import { createRandom, type Random } from './random.ts';
import type { ProviderRequest } from './request.ts';

/** What the selector asks of a kind. */
export interface KindPolicy {
  /** False when the kind cannot hit this request (a stream cut on a non-streaming call). */
  applies(fault: Fault, request: ProviderRequest): boolean;
  /**
   * The same test bound to one fault once, when the faults are installed; undefined when the
   * kind applies to every request (nothing to call). Optional: `applies` is used without it.
   */
  appliesTo?(fault: Fault): ((request: ProviderRequest) => boolean) | undefined;
  /** Once fired, stay active for this long, ignoring probability and times (a 429 storm). */
  latchMs(fault: Fault): number | undefined;
}

export interface SelectorOptions {
  seed: number;
  policy: KindPolicy;
  /** Milliseconds on a monotonic clock; injectable for tests. */
  now?: () => number;
}

export interface Selection {
  fault: Fault;
  index: number;
}

interface FaultState {
  /** Requests this fault could have hit (for `after`). */
  seen: number;
  /** Requests it did hit (for `times`). */
  injected: number;
  /** Clock time until which a latched fault stays on. */
  latchedUntil: number;
}

/** One installed fault with its counters and its place in the list, compiled for fast matching. */
interface Entry {
  fault: Fault;
  index: number;
  state: FaultState;
  /** The kind's own test (undefined when the kind applies to every request). */
  applies: ((request: ProviderRequest) => boolean) | undefined;
}

/** Picks, per request, the fault that applies (if any). Deterministic given a seed and the request order. */
export class FaultSelector {
  private faults: Fault[] = [];
  private states: FaultState[] = [];
  /**
   * The faults by target, in list order: a request only looks at its provider's faults, so a
   * fault list aimed elsewhere costs one map lookup.
   */
  private byTarget = new Map<string, Entry[]>();
  private random: Random;
  private t0: number;
  private readonly now: () => number;

  constructor(private readonly options: SelectorOptions) {
    this.now = options.now ?? (() => performance.now());
    this.random = createRandom(options.seed);
    this.t0 = this.now();
  }

  /** Replaces the faults; their counters start at zero. The clock keeps running. */
  setFaults(faults: readonly Fault[]): void {
    this.faults = [...faults];
    this.states = faults.map(() => ({ seen: 0, injected: 0, latchedUntil: -1 }));
    const { policy } = this.options;
    this.byTarget = new Map();
    this.faults.forEach((fault, index) => {
      let entries = this.byTarget.get(fault.target);
      if (!entries) {
        entries = [];
        this.byTarget.set(fault.target, entries);
      }
      const state = this.states[index] as FaultState;
      const applies = policy.appliesTo
        ? policy.appliesTo(fault)
        : (request: ProviderRequest) => policy.applies(fault, request);
      entries.push({ fault, index, state, applies });
    });
  }

  getFaults(): Fault[] {
    return [...this.faults];
  }

  /** Zeroes the counters, restarts the clock (windows count from here) and reseeds the dice. */
  reset(): void {
    this.setFaults(this.faults);
    this.random = createRandom(this.options.seed);
    this.t0 = this.now();
  }

  /** Milliseconds since the start or the last reset. */
  elapsedMs(): number {
    return this.now() - this.t0;
  }

  /** Per-fault counters, in fault order. */
  counters(): Array<{ seen: number; injected: number }> {
    return this.states.map(({ seen, injected }) => ({ seen, injected }));
  }

  /** The fault to inject into this request, or undefined for a healthy answer. */
  select(request: ProviderRequest): Selection | undefined {
    const entries = this.byTarget.get(request.provider);
    if (entries === undefined) return undefined;
    const t = this.elapsedMs();
    let chosen: Selection | undefined;
    for (let i = 0; i < entries.length; i++) {
      const { fault, index, state, applies } = entries[i] as Entry;
      if (fault.path !== undefined && !request.path.startsWith(fault.path)) continue;
      if (fault.model !== undefined && fault.model !== request.model) continue;
      if (applies !== undefined && !applies(request)) continue;
      // Every matching fault counts the request, so `after` means "after N requests to the target".
      state.seen++;
      if (chosen || !this.fires(fault, state, t)) continue;
      state.injected++;
      const latch = this.options.policy.latchMs(fault);
      if (latch !== undefined && state.latchedUntil < t) state.latchedUntil = t + latch;
      chosen = { fault, index };
    }
    return chosen;
  }

  private fires(fault: Fault, state: FaultState, t: number): boolean {
    if (t < state.latchedUntil) return true;
    if (state.seen <= fault.after) return false;
    if (t < fault.startMs) return false;
    if (fault.durationMs !== undefined && t >= fault.startMs + fault.durationMs) return false;
    if (fault.flap) {
      const phase = (t - fault.startMs) % fault.flap.periodMs;
      if (phase >= fault.flap.periodMs * fault.flap.dutyCycle) return false;
    }
    if (fault.times !== undefined && state.injected >= fault.times) return false;
    if (fault.probability >= 1) return true;
    // Roll only for a real chance, so adding a certain fault does not shift everyone else's dice.
    return fault.probability > 0 && this.random() < fault.probability;
  }
}
