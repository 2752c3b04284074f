import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/router/errors.ts';
import type { Candidate, PlanSlot } from '../../../src/router/run/candidate.ts';
import { candidatesOf, scheduleAfterFailure } from '../../../src/router/run/candidate.ts';
import { firstUntried, type PlanLimits, planNext } from '../../../src/router/run/plan.ts';

/** The planner is pure: plain slots, plain tries, a clock reading. No router, no timers, no sockets. */

interface SlotInit {
  /** Whether its breaker lets a call through (no breaker when omitted). */
  breaker?: boolean;
  /** Clock ms until which a Retry-After keeps it cooling down. */
  cooldownUntil?: number;
}

function slot(name: string, init: SlotInit = {}): PlanSlot {
  const open = init.breaker;
  return {
    provider: { name },
    ...(open === undefined ? {} : { breaker: { canAttempt: () => open } }),
    cooldownUntil: init.cooldownUntil ?? 0,
  };
}

const T0 = 10_000;
const LIMITS: PlanLimits = { t0: T0, maxAttempts: 6, deadlineMs: 1000 };
const failure = (provider: string) =>
  new ProviderError('unavailable', `${provider}: unavailable`, { provider });

/** Candidates over slots `a`, `b`, `c`..., with this request's tries set per name. */
function candidates(
  slots: PlanSlot[],
  tries: Record<string, Partial<Omit<Candidate<PlanSlot>, 'slot'>>> = {},
): Candidate<PlanSlot>[] {
  return candidatesOf(slots).map((c) => Object.assign(c, tries[c.slot.provider.name]));
}

const names = (list: readonly Candidate<PlanSlot>[]) => list.map((c) => c.slot.provider.name);

describe('planNext', () => {
  it('starts the primary at once when nothing has been tried', () => {
    const list = candidates([slot('a'), slot('b')]);
    const plan = planNext({ candidates: list, attemptsMade: 0, nowMs: 0 }, LIMITS);
    expect(plan).toEqual({ kind: 'start', candidate: list[0], passedOver: [] });
  });

  it('passes over an untried provider whose breaker refuses, and starts the next', () => {
    const list = candidates([slot('a', { breaker: false }), slot('b', { breaker: true })]);
    const plan = planNext({ candidates: list, attemptsMade: 0, nowMs: 0 }, LIMITS);
    expect(plan.kind).toBe('start');
    expect(plan.kind === 'start' && plan.candidate).toBe(list[1]);
    expect(names(plan.passedOver)).toEqual(['a']);
  });

  it('starts an untried fallback at once rather than wait for the primary’s backoff', () => {
    const list = candidates([slot('a'), slot('b')], {
      a: { count: 1, notBefore: 300, lastError: failure('a') },
    });
    const plan = planNext({ candidates: list, attemptsMade: 1, nowMs: 20 }, LIMITS);
    expect(plan).toEqual({ kind: 'start', candidate: list[1], passedOver: [] });
  });

  it('waits for the retry due soonest once every provider has been tried', () => {
    const list = candidates([slot('a'), slot('b')], {
      a: { count: 1, notBefore: 300 },
      b: { count: 1, notBefore: 120 },
    });
    const plan = planNext({ candidates: list, attemptsMade: 2, nowMs: 20 }, LIMITS);
    expect(plan).toEqual({ kind: 'wait', candidate: list[1], waitMs: 100, passedOver: [] });
  });

  it('starts a retry that is already due', () => {
    const list = candidates([slot('a')], { a: { count: 1, notBefore: 120 } });
    const plan = planNext({ candidates: list, attemptsMade: 1, nowMs: 150 }, LIMITS);
    expect(plan).toEqual({ kind: 'start', candidate: list[0], passedOver: [] });
  });

  it('waits out a router-wide cooldown on an untried provider, never starting it early', () => {
    const list = candidates([slot('a', { cooldownUntil: T0 + 400 })]);
    const plan = planNext({ candidates: list, attemptsMade: 0, nowMs: 100 }, LIMITS);
    expect(plan).toEqual({ kind: 'wait', candidate: list[0], waitMs: 300, passedOver: [] });
  });

  it('a cooldown later than the backoff decides the wait', () => {
    const list = candidates([slot('a', { cooldownUntil: T0 + 500 })], { a: { count: 1, notBefore: 200 } });
    const plan = planNext({ candidates: list, attemptsMade: 1, nowMs: 100 }, LIMITS);
    expect(plan).toMatchObject({ kind: 'wait', waitMs: 400 });
  });

  it('gives up past the deadline when the soonest retry would come at or after it', () => {
    // 900 ms are left of the 1000 ms deadline; the retry is due in exactly 900 ms.
    const list = candidates([slot('a')], { a: { count: 1, notBefore: 1000 } });
    expect(planNext({ candidates: list, attemptsMade: 1, nowMs: 100 }, LIMITS)).toEqual({
      kind: 'give-up',
      reason: 'past-deadline',
      candidate: list[0],
      waitMs: 900,
      passedOver: [],
    });
    // One ms sooner is still within the deadline: a wait.
    list[0]!.notBefore = 999;
    expect(planNext({ candidates: list, attemptsMade: 1, nowMs: 100 }, LIMITS)).toMatchObject({
      kind: 'wait',
      waitMs: 899,
    });
  });

  it('gives up when the attempt budget is spent, even with a provider untried', () => {
    const list = candidates([slot('a'), slot('b')], { a: { count: 2 } });
    const plan = planNext({ candidates: list, attemptsMade: 2, nowMs: 0 }, { ...LIMITS, maxAttempts: 2 });
    expect(plan).toEqual({ kind: 'give-up', reason: 'max-attempts', passedOver: [] });
  });

  it('gives up when every provider is done or its breaker is open', () => {
    const list = candidates([slot('a'), slot('b', { breaker: false }), slot('c', { breaker: false })], {
      a: { count: 1, exhausted: true },
      c: { count: 1, notBefore: 50 },
    });
    const plan = planNext({ candidates: list, attemptsMade: 2, nowMs: 0 }, LIMITS);
    expect(plan.kind === 'give-up' && plan.reason).toBe('none-left');
    expect(names(plan.passedOver)).toEqual(['b']);
  });

  it('a provider cooling down with its breaker open is no candidate to wait for', () => {
    const list = candidates([slot('a', { breaker: false, cooldownUntil: T0 + 200 })]);
    const plan = planNext({ candidates: list, attemptsMade: 0, nowMs: 0 }, LIMITS);
    // It is not passed over either: the cooldown turned it away before its breaker was asked.
    expect(plan).toEqual({ kind: 'give-up', reason: 'none-left', passedOver: [] });
  });

  it('changes nothing it is given', () => {
    const list = candidates([slot('a', { breaker: false }), slot('b')], { b: { count: 1, notBefore: 500 } });
    const before = structuredClone(list.map(({ slot: _slot, ...tries }) => tries));
    planNext({ candidates: list, attemptsMade: 1, nowMs: 10 }, LIMITS);
    expect(list.map(({ slot: _slot, ...tries }) => tries)).toEqual(before);
  });
});

describe('firstUntried (the hedge’s pick)', () => {
  it('skips busy, tried, exhausted and cooling providers, and notes breaker refusals', () => {
    const list = candidates(
      [
        slot('busy'),
        slot('tried'),
        slot('done'),
        slot('cooling', { cooldownUntil: T0 + 50 }),
        slot('open', { breaker: false }),
        slot('free', { breaker: true }),
      ],
      { tried: { count: 1 }, done: { exhausted: true } },
    );
    const passedOver: Candidate<PlanSlot>[] = [];
    const pick = firstUntried(list, { nowMs: 10, t0: T0 }, passedOver, new Set([list[0]!]));
    expect(pick?.slot.provider.name).toBe('free');
    expect(names(passedOver)).toEqual(['open']);
  });

  it('finds nothing when every provider is busy or tried', () => {
    const list = candidates([slot('a'), slot('b')], { b: { count: 1 } });
    expect(firstUntried(list, { nowMs: 0, t0: T0 }, [], new Set([list[0]!]))).toBeUndefined();
  });
});

describe('scheduleAfterFailure', () => {
  const schedule = { maxRetries: 2, backoff: { baseMs: 100, capMs: 2000 }, random: () => 0.5 };

  it('a retry waits the provider’s Retry-After from now', () => {
    const [a] = candidates([slot('a')], { a: { count: 1 } });
    const error = new ProviderError('rate-limited', 'a: 429', { provider: 'a', retryAfterMs: 700 });
    scheduleAfterFailure(a!, error, { retry: true, nowMs: 40 }, schedule);
    expect(a).toMatchObject({ notBefore: 740, exhausted: false, lastError: error });
  });

  it('without a Retry-After, the jittered backoff of that retry', () => {
    const [a] = candidates([slot('a')], { a: { count: 2 } });
    scheduleAfterFailure(a!, failure('a'), { retry: true, nowMs: 40 }, schedule);
    // The second retry's ceiling is 200 ms; random 0.5 draws half of it.
    expect(a).toMatchObject({ notBefore: 140, exhausted: false });
  });

  it('is done once its retries are spent, or at once when the policy fails over', () => {
    const [spent, failedOver] = candidates([slot('a'), slot('b')], { a: { count: 3 }, b: { count: 1 } });
    scheduleAfterFailure(spent!, failure('a'), { retry: true, nowMs: 0 }, schedule);
    scheduleAfterFailure(failedOver!, failure('b'), { retry: false, nowMs: 0 }, schedule);
    expect(spent?.exhausted).toBe(true);
    expect(failedOver?.exhausted).toBe(true);
    expect(failedOver?.lastError?.provider).toBe('b');
  });
});
