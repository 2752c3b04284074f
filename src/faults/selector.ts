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

/**
 * One installed fault compiled for matching: its blast radius copied into plain fields of one
 * shape (faults of different kinds have different shapes, and reading them in the per-request loop
 * would make every field read there megamorphic), with "none" as a value that never stops a match.
 */
interface Entry {
  fault: Fault;
  index: number;
  state: FaultState;
  /** The kind's own test (undefined when the kind applies to every request). */
  applies: ((request: ProviderRequest) => boolean) | undefined;
  /** Path prefix; '' matches every path. */
  path: string;
  /** Model; undefined matches every model. */
  model: string | undefined;
  after: number;
  startMs: number;
  /** `startMs + durationMs`, or Infinity without a duration. */
  endMs: number;
  /** The flapping period, 0 when the fault does not flap, and the "on" part of it. */
  flapPeriodMs: number;
  flapOnMs: number;
  /** Infinity when unlimited. */
  times: number;
  probability: number;
  /** How long a firing latches it on (a 429 storm), or -1. */
  latchMs: number;
}

function compile(
  fault: Fault,
  index: number,
  state: FaultState,
  applies: Entry['applies'],
  latchMs: number | undefined,
): Entry {
  return {
    fault,
    index,
    state,
    applies,
    path: fault.path ?? '',
    model: fault.model,
    after: fault.after,
    startMs: fault.startMs,
    endMs: fault.durationMs === undefined ? Number.POSITIVE_INFINITY : fault.startMs + fault.durationMs,
    flapPeriodMs: fault.flap ? fault.flap.periodMs : 0,
    flapOnMs: fault.flap ? fault.flap.periodMs * fault.flap.dutyCycle : 0,
    times: fault.times ?? Number.POSITIVE_INFINITY,
    probability: fault.probability,
    latchMs: latchMs ?? -1,
  };
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
      entries.push(compile(fault, index, state, applies, policy.latchMs(fault)));
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

  /**
   * The fault to inject into this request, or undefined for a healthy answer. Nothing is allocated
   * unless a fault fires; a list aimed at another provider costs one map lookup.
   */
  select(request: ProviderRequest): Selection | undefined {
    const entries = this.byTarget.get(request.provider);
    if (entries === undefined) return undefined;
    const t = this.elapsedMs();
    let chosen: Entry | undefined;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as Entry;
      if (entry.path !== '' && !request.path.startsWith(entry.path)) continue;
      if (entry.model !== undefined && entry.model !== request.model) continue;
      if (entry.applies !== undefined && !entry.applies(request)) continue;
      // Every matching fault counts the request, so `after` means "after N requests to the target".
      const state = entry.state;
      state.seen++;
      if (chosen !== undefined || !this.fires(entry, state, t)) continue;
      state.injected++;
      if (entry.latchMs >= 0 && state.latchedUntil < t) state.latchedUntil = t + entry.latchMs;
      chosen = entry;
    }
    return chosen && { fault: chosen.fault, index: chosen.index };
  }

  private fires(entry: Entry, state: FaultState, t: number): boolean {
    if (t < state.latchedUntil) return true;
    if (state.seen <= entry.after) return false;
    if (t < entry.startMs) return false;
    if (t >= entry.endMs) return false;
    if (entry.flapPeriodMs > 0) {
      const phase = (t - entry.startMs) % entry.flapPeriodMs;
      if (phase >= entry.flapOnMs) return false;
    }
    if (state.injected >= entry.times) return false;
    if (entry.probability >= 1) return true;
    // Roll only for a real chance, so adding a certain fault does not shift everyone else's dice.
    return entry.probability > 0 && this.random() < entry.probability;
  }
}
