// RequestRun (src/router/request-run.ts) through router.chat, on fake providers and a fake clock.
// Failover and retries: which provider is tried next, and when.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  completion,
  failing,
  fakeProvider,
  hangUntilAborted,
  healthy,
  providerError,
} from './support/fake-provider.ts';
import { ASK, flush, routerErrorOf, routerOver, watch } from './support/router-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('failover', () => {
  it('503 on the primary → the fallback at once, with no sleep', async () => {
    const a = failing('a', 'unavailable', { status: 503 });
    const b = healthy('b');
    const { router, eventsOf } = routerOver([a, b]);
    const started = Date.now();
    const result = watch(router.chat(ASK));
    await flush();
    expect(result.settled).toBe(true);
    expect(Date.now()).toBe(started);
    const { completion: answer, route } = result.value!;
    expect(answer.choices[0]?.message.content).toBe('b answered');
    expect(route.provider).toBe('b');
    expect(route.attempts.map((t) => [t.provider, t.outcome, t.status])).toEqual([
      ['a', 'unavailable', 503],
      ['b', 'ok', undefined],
    ]);
    expect(route.failoverMs).toBe(0);
    expect(b.calls[0]?.at).toBe(a.calls[0]?.at);
    expect(eventsOf('retry')).toEqual([]);
    expect(eventsOf('failover')).toEqual([
      expect.objectContaining({ from: 'a', to: 'b', reason: 'unavailable' }),
    ]);
  });

  it('429 with Retry-After on the primary and a healthy fallback → the fallback at once', async () => {
    const a = failing('a', 'rate-limited', { status: 429, retryAfterMs: 2000 });
    const b = healthy('b');
    const { router, eventsOf } = routerOver([a, b]);
    const result = watch(router.chat(ASK));
    await flush();
    expect(result.value?.route.provider).toBe('b');
    expect(result.value?.route.attempts[0]).toMatchObject({
      provider: 'a',
      outcome: 'rate-limited',
      retryAfterMs: 2000,
    });
    expect(a.calls).toHaveLength(1);
    expect(eventsOf('retry')).toEqual([]);
  });

  it('bad-request stops: no failover, no retry', async () => {
    const a = failing('a', 'bad-request', { status: 400 });
    const b = healthy('b');
    const { router, eventsOf } = routerOver([a, b]);
    const result = watch(router.chat(ASK));
    await flush();
    const error = routerErrorOf(result);
    expect(error.code).toBe('bad-request');
    expect(error.attempts.map((t) => t.outcome)).toEqual(['bad-request']);
    expect(b.calls).toHaveLength(0);
    expect(eventsOf('failover')).toEqual([]);
  });

  it.each(['auth', 'model-missing', 'malformed', 'timeout'] as const)(
    '%s on the primary fails over and never retries it',
    async (code) => {
      const a = failing('a', code);
      const b = failing('b', 'unavailable');
      const { router } = routerOver([a, b], { retry: { maxRetries: 0 } });
      const result = watch(router.chat(ASK));
      await flush();
      const error = routerErrorOf(result);
      expect(error.code).toBe('all-providers-failed');
      expect(error.attempts.map((t) => `${t.provider}:${t.outcome}`)).toEqual([`a:${code}`, 'b:unavailable']);
      expect(a.calls).toHaveLength(1);
    },
  );

  it('a per-attempt timeout fails over, aborting the slow attempt', async () => {
    const a = fakeProvider('a', { complete: (call) => hangUntilAborted(call.signal) });
    const b = healthy('b');
    const { router, eventsOf } = routerOver([a, b], { attemptTimeoutMs: 1000 });
    const result = watch(router.chat(ASK));
    await vi.advanceTimersByTimeAsync(999);
    expect(result.settled).toBe(false);
    expect(b.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(result.value?.route.provider).toBe('b');
    expect(result.value?.route.attempts[0]).toMatchObject({
      provider: 'a',
      outcome: 'timeout',
      detail: 'attempt-timeout',
      ms: 1000,
    });
    expect(result.value?.route.failoverMs).toBe(1000);
    expect(a.calls[0]?.signal.aborted).toBe(true);
    expect(eventsOf('failover')[0]).toMatchObject({ from: 'a', to: 'b', reason: 'timeout' });
  });

  it('respects retry.maxAttempts across providers', async () => {
    const providers = ['a', 'b', 'c'].map((n) => failing(n, 'unavailable'));
    const { router } = routerOver(providers, { retry: { maxAttempts: 2 } });
    const result = watch(router.chat(ASK));
    await flush();
    const error = routerErrorOf(result);
    expect(error.code).toBe('all-providers-failed');
    expect(error.message).toMatch(/retry\.maxAttempts/);
    expect(error.attempts.map((t) => t.provider)).toEqual(['a', 'b']);
    expect(providers[2]?.calls).toHaveLength(0);
  });
});

describe('retries and backoff', () => {
  it('the primary alone with 429 Retry-After 200 ms waits at least 200 ms before retrying', async () => {
    let n = 0;
    const a = fakeProvider('a', {
      complete: async () => {
        if (++n === 1) throw providerError('rate-limited', 'a', { status: 429, retryAfterMs: 200 });
        return completion('second time');
      },
    });
    const { router, eventsOf } = routerOver([a]);
    const started = Date.now();
    const result = watch(router.chat(ASK));
    await vi.advanceTimersByTimeAsync(199);
    expect(a.calls).toHaveLength(1);
    expect(result.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(a.calls).toHaveLength(2);
    expect((a.calls[1]?.at ?? 0) - started).toBeGreaterThanOrEqual(200);
    expect(result.value?.route.attempts.map((t) => t.outcome)).toEqual(['rate-limited', 'ok']);
    expect(eventsOf('retry')).toEqual([
      expect.objectContaining({ provider: 'a', delayMs: 200, reason: 'rate-limited' }),
    ]);
  });

  it('without Retry-After, waits the full-jitter backoff drawn from the injected random', async () => {
    const a = failing('a', 'unavailable');
    // random 0.5, base 100: retry 1 waits 0.5·100, retry 2 waits 0.5·200.
    const { router, eventsOf } = routerOver([a], { retry: { baseMs: 100, capMs: 10_000, maxRetries: 2 } });
    const started = Date.now();
    const result = watch(router.chat(ASK));
    await vi.advanceTimersByTimeAsync(1000);
    expect(a.calls.map((c) => c.at - started)).toEqual([0, 50, 150]);
    expect(eventsOf('retry').map((e) => e.delayMs)).toEqual([50, 100]);
    const error = routerErrorOf(result);
    expect(error.code).toBe('all-providers-failed');
    expect(error.attempts).toHaveLength(3); // 1 + maxRetries
  });

  it('tries the fallback before sleeping, then retries whichever is due soonest', async () => {
    let bCalls = 0;
    const a = failing('a', 'unavailable');
    const b = fakeProvider('b', {
      complete: async () => {
        if (++bCalls === 1) throw providerError('unavailable', 'b');
        return completion('b, second try');
      },
    });
    const { router } = routerOver([a, b], { retry: { baseMs: 100 } });
    const started = Date.now();
    const result = watch(router.chat(ASK));
    await vi.advanceTimersByTimeAsync(1000);
    // Both wait 0.5·100 after their first failure; a's second failure pushes it to 0.5·200 more.
    expect(result.value?.route.attempts.map((t) => `${t.provider}:${t.outcome}@${t.startMs}`)).toEqual([
      'a:unavailable@0',
      'b:unavailable@0',
      'a:unavailable@50',
      'b:ok@50',
    ]);
    expect(b.calls.map((c) => c.at - started)).toEqual([0, 50]);
  });
});
