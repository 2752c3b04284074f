import { describe, expect, it } from 'vitest';
import { type AttemptRecord, ProviderError } from '../../../src/router/errors.ts';
import { candidatesOf } from '../../../src/router/run/candidate.ts';
import {
  abortError,
  type GiveUpSlot,
  giveUpError,
  type RunFacts,
  stopError,
} from '../../../src/router/run/give-up.ts';
import { AbortReason } from '../../../src/router/signals.ts';

/**
 * Choosing the router's error when a request gives up, over plain slots and tries: no router, no
 * timers, no sockets. The same choice seen through router.chat: ../request-run-give-up.test.ts.
 */

const NOW = 50_000;

function giveUpSlot(name: string, init: Partial<Omit<GiveUpSlot, 'provider'>> = {}): GiveUpSlot {
  return { provider: { name }, cooldownUntil: 0, ...init };
}
const openBreaker = (reopensAt: number) => ({ canAttempt: () => false, reopensAt });

function facts(slots: GiveUpSlot[], init: Partial<RunFacts<GiveUpSlot>> = {}): RunFacts<GiveUpSlot> {
  return {
    candidates: candidatesOf(slots),
    attempts: [],
    skipped: [],
    deadlineMs: 1000,
    clock: NOW,
    lastFailure: undefined,
    ...init,
  };
}
const attempt = (provider: string, outcome: AttemptRecord['outcome']): AttemptRecord => ({
  provider,
  outcome,
  startMs: 0,
  ms: 1,
});

describe('giveUpError', () => {
  it('no attempt and a breaker turned one away: no-provider-available, back when the first breaker reopens', () => {
    const f = facts(
      [
        giveUpSlot('a', {
          breaker: openBreaker(NOW + 3000),
          cooldownUntil: NOW + 800,
          cooldownCode: 'unavailable',
        }),
        giveUpSlot('b', { breaker: openBreaker(NOW + 1200) }),
      ],
      { skipped: [{ provider: 'b', reason: 'circuit-open' }] },
    );
    const error = giveUpError({ kind: 'give-up', reason: 'none-left', passedOver: [] }, f);
    expect(error.code).toBe('no-provider-available');
    expect(error.retryAfterMs).toBe(1200);
    expect(error.message).toBe(
      'no provider could be tried (a: unavailable for another 800 ms, circuit breaker open for another ' +
        '3000 ms; b: circuit breaker open for another 1200 ms)',
    );
  });

  it('a half-open breaker with no trial free, and a provider never reached, are told apart', () => {
    const f = facts([giveUpSlot('a', { breaker: openBreaker(NOW - 1) }), giveUpSlot('b')], {
      skipped: [{ provider: 'a', reason: 'circuit-open' }],
    });
    const error = giveUpError({ kind: 'give-up', reason: 'none-left', passedOver: [] }, f);
    expect(error.message).toBe(
      'no provider could be tried (a: circuit breaker half-open with no trial free; b: not tried)',
    );
  });

  it('every failure a rate limit: rate-limited, with the soonest Retry-After', () => {
    const f = facts([giveUpSlot('a'), giveUpSlot('b')], {
      attempts: [attempt('a', 'rate-limited'), attempt('b', 'rate-limited')],
    });
    const [a, b] = f.candidates;
    a!.lastError = new ProviderError('rate-limited', 'a: 429', { provider: 'a', retryAfterMs: 900 });
    b!.lastError = new ProviderError('rate-limited', 'b: 429', { provider: 'b', retryAfterMs: 400 });
    const error = giveUpError(
      { kind: 'give-up', reason: 'none-left', passedOver: [] },
      { ...f, lastFailure: b!.lastError },
    );
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(400);
    expect(error.cause).toBe(b!.lastError);
  });

  it('past the deadline: rate-limited when the provider waited for cooled down after a 429, else deadline-exceeded', () => {
    const cooling = facts([giveUpSlot('a', { cooldownUntil: NOW + 2000, cooldownCode: 'rate-limited' })]);
    const limited = giveUpError(
      {
        kind: 'give-up',
        reason: 'past-deadline',
        candidate: cooling.candidates[0]!,
        waitMs: 2000,
        passedOver: [],
      },
      cooling,
    );
    expect(limited.code).toBe('rate-limited');
    expect(limited.retryAfterMs).toBe(2000);

    const loading = facts([giveUpSlot('a', { cooldownUntil: NOW + 2000, cooldownCode: 'unavailable' })]);
    const late = giveUpError(
      {
        kind: 'give-up',
        reason: 'past-deadline',
        candidate: loading.candidates[0]!,
        waitMs: 2000,
        passedOver: [],
      },
      loading,
    );
    expect(late.code).toBe('deadline-exceeded');
    expect(late.message).toBe(
      'the next try (a, in 2000 ms) would pass the 1000 ms deadline (a: unavailable for another 2000 ms)',
    );
  });

  it('any other failure: all-providers-failed, carrying the last failure', () => {
    const f = facts([giveUpSlot('a')], { attempts: [attempt('a', 'network')] });
    const lastFailure = new ProviderError('network', 'a: reset', { provider: 'a' });
    f.candidates[0]!.lastError = lastFailure;
    const error = giveUpError(
      { kind: 'give-up', reason: 'max-attempts', passedOver: [] },
      { ...f, lastFailure },
    );
    expect(error.code).toBe('all-providers-failed');
    expect(error.cause).toBe(lastFailure);
    expect(error.attempts).toBe(f.attempts);
    expect(error.message).toBe(
      'no provider could serve the request (a: network); gave up after 1 attempts (retry.maxAttempts)',
    );
  });
});

describe('stopError and abortError', () => {
  it('a bad request stops as bad-request; another stopping class as all-providers-failed', () => {
    const bad = new ProviderError('bad-request', 'a: 400', { provider: 'a' });
    const auth = new ProviderError('auth', 'a: 401', { provider: 'a' });
    expect(stopError(bad, []).code).toBe('bad-request');
    expect(stopError(auth, [])).toMatchObject({ code: 'all-providers-failed', message: 'a: 401' });
  });

  it('the deadline is deadline-exceeded naming the last failure; anything else is the caller’s abort', () => {
    const lastFailure = new ProviderError('timeout', 'a: slow', { provider: 'a' });
    const context = { attempts: [], deadlineMs: 800, lastFailure };
    expect(abortError(new AbortReason('deadline', 'deadline exceeded'), context)).toMatchObject({
      code: 'deadline-exceeded',
      message: 'no answer within the 800 ms deadline (last failure: a timeout)',
    });
    expect(abortError(new Error('user left'), context).code).toBe('aborted');
  });
});
