import type { Candidate, PlanSlot } from './candidate.ts';

/**
 * The planner: which provider a request tries next, decided from its candidates and the clock
 * alone. It has no side effect (it only asks breakers `canAttempt()`), so the run applies what
 * it returns: it takes the breaker permit, records providers passed over, sleeps, or gives up.
 */

/** Where the request stands when it plans. */
export interface PlanState<S extends PlanSlot> {
  readonly candidates: readonly Candidate<S>[];
  /** Attempts started so far in this request, across providers. */
  readonly attemptsMade: number;
  /** ms since the request began. */
  readonly nowMs: number;
}

/** The request's fixed bounds. */
export interface PlanLimits {
  /** Clock ms when the request began (cooldowns are kept in clock ms). */
  readonly t0: number;
  readonly maxAttempts: number;
  readonly deadlineMs: number;
}

/** Why the planner gives up. */
export type GiveUpReason = 'max-attempts' | 'none-left' | 'past-deadline';

export type Plan<S extends PlanSlot> =
  /** Start an attempt at `candidate` now. */
  | { kind: 'start'; candidate: Candidate<S>; passedOver: readonly Candidate<S>[] }
  /** Nothing can start now: sleep `waitMs` (until `candidate`'s retry is due), then plan again. */
  | { kind: 'wait'; candidate: Candidate<S>; waitMs: number; passedOver: readonly Candidate<S>[] }
  /** Attempts are spent, or no provider is left to try. */
  | { kind: 'give-up'; reason: 'max-attempts' | 'none-left'; passedOver: readonly Candidate<S>[] }
  /** The soonest retry (`candidate`, in `waitMs`) would come after the deadline. */
  | {
      kind: 'give-up';
      reason: 'past-deadline';
      candidate: Candidate<S>;
      waitMs: number;
      passedOver: readonly Candidate<S>[];
    };

export type GiveUp<S extends PlanSlot> = Extract<Plan<S>, { kind: 'give-up' }>;

const NO_BUSY: ReadonlySet<never> = new Set();

/**
 * The first provider, in priority order, not tried yet in this request, not busy (running a
 * hedged attempt), not cooling down, and whose breaker lets it through. Untried providers
 * turned away by their breaker on the way are added to `passedOver`.
 */
export function firstUntried<S extends PlanSlot>(
  candidates: readonly Candidate<S>[],
  at: { readonly nowMs: number; readonly t0: number },
  passedOver: Candidate<S>[],
  busy: ReadonlySet<Candidate<S>> = NO_BUSY,
): Candidate<S> | undefined {
  for (const candidate of candidates) {
    if (candidate.count > 0 || candidate.exhausted || busy.has(candidate)) continue;
    const { slot } = candidate;
    if (slot.cooldownUntil - at.t0 > at.nowMs) continue;
    if (slot.breaker && !slot.breaker.canAttempt()) {
      passedOver.push(candidate);
      continue;
    }
    return candidate;
  }
  return undefined;
}

/**
 * The next step. A healthy provider not yet tried goes first, at once: a fallback is never kept
 * waiting behind a primary's backoff. Otherwise the retry that is due soonest (a provider retrying
 * after backoff, or one cooling down after a Retry-After), after a wait; but when that wait would
 * pass the deadline, give up now.
 */
export function planNext<S extends PlanSlot>(state: PlanState<S>, limits: PlanLimits): Plan<S> {
  const passedOver: Candidate<S>[] = [];
  if (state.attemptsMade >= limits.maxAttempts)
    return { kind: 'give-up', reason: 'max-attempts', passedOver };
  const { nowMs } = state;
  const untried = firstUntried(state.candidates, { nowMs, t0: limits.t0 }, passedOver);
  if (untried) return { kind: 'start', candidate: untried, passedOver };

  let due: Candidate<S> | undefined;
  let dueAt = 0;
  for (const candidate of state.candidates) {
    if (candidate.exhausted) continue;
    const { slot } = candidate;
    if (slot.breaker && !slot.breaker.canAttempt()) continue;
    const cooldown = slot.cooldownUntil - limits.t0;
    // Untried and not cooling down, yet not picked above: its breaker turned it away.
    if (candidate.count === 0 && cooldown <= nowMs) continue;
    const readyAt = Math.max(candidate.notBefore, cooldown);
    if (!due || readyAt < dueAt) {
      due = candidate;
      dueAt = readyAt;
    }
  }
  if (!due) return { kind: 'give-up', reason: 'none-left', passedOver };
  const waitMs = Math.max(0, dueAt - nowMs);
  if (waitMs >= limits.deadlineMs - nowMs) {
    return { kind: 'give-up', reason: 'past-deadline', candidate: due, waitMs, passedOver };
  }
  if (waitMs > 0) return { kind: 'wait', candidate: due, waitMs, passedOver };
  return { kind: 'start', candidate: due, passedOver };
}
