import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AbortReason } from '../../src/router/signals.ts';
import {
  answerAfter,
  completion,
  fakeProvider,
  hangUntilAborted,
  providerError,
} from './support/fake-provider.ts';
import { ASK, routerErrorOf, routerOver, watch } from './support/router-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const healthy = (name: string) =>
  fakeProvider(name, { complete: async () => completion(`${name} answered`) });
const failing = (name: string, code: Parameters<typeof providerError>[0], init = {}) =>
  fakeProvider(name, {
    complete: async () => {
      throw providerError(code, name, init);
    },
  });

/** Lets every promise continuation run without moving the fake clock. */
const flush = () => vi.advanceTimersByTimeAsync(0);

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

describe('deadline', () => {
  it('fails fast with deadline-exceeded when the next Retry-After would pass it', async () => {
    const a = failing('a', 'unavailable', { status: 503, retryAfterMs: 5000 });
    const { router, eventsOf } = routerOver([a], { deadlineMs: 1000 });
    const started = Date.now();
    const result = watch(router.chat(ASK));
    await flush();
    const error = routerErrorOf(result);
    expect(Date.now()).toBe(started); // no sleep at all
    expect(error.code).toBe('deadline-exceeded');
    expect(error.message).toMatch(/would pass the 1000 ms deadline/);
    expect(error.attempts).toHaveLength(1);
    expect(eventsOf('retry')).toEqual([]);
  });

  it('rate-limited with retryAfterMs when every provider is rate-limited past the deadline', async () => {
    const a = failing('a', 'rate-limited', { status: 429, retryAfterMs: 5000 });
    const b = failing('b', 'rate-limited', { status: 429, retryAfterMs: 3000 });
    const { router } = routerOver([a, b], { deadlineMs: 2000 });
    const result = watch(router.chat(ASK));
    await flush();
    const error = routerErrorOf(result);
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(3000);
    expect(error.attempts.map((t) => t.outcome)).toEqual(['rate-limited', 'rate-limited']);
  });

  it('rate-limited with the soonest retryAfterMs when retries run out', async () => {
    const a = failing('a', 'rate-limited', { retryAfterMs: 700 });
    const b = failing('b', 'rate-limited', { retryAfterMs: 400 });
    const { router } = routerOver([a, b], { retry: { maxRetries: 0 } });
    const result = watch(router.chat(ASK));
    await flush();
    const error = routerErrorOf(result);
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(400);
  });

  it('ends an attempt still running when the deadline passes, as deadline-exceeded', async () => {
    const a = fakeProvider('a', { complete: (call) => hangUntilAborted(call.signal) });
    const { router } = routerOver([a], { deadlineMs: 1000, attemptTimeoutMs: 10_000 });
    const result = watch(router.chat(ASK));
    await vi.advanceTimersByTimeAsync(999);
    expect(result.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = routerErrorOf(result);
    expect(error.code).toBe('deadline-exceeded');
    expect(error.attempts).toEqual([expect.objectContaining({ provider: 'a', outcome: 'cancelled' })]);
    expect(a.calls[0]?.signal.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the caller’s AbortSignal', () => {
  it('aborts an attempt in flight: aborted, the attempt cancelled, the provider’s signal aborted', async () => {
    const a = fakeProvider('a', { complete: (call) => hangUntilAborted(call.signal) });
    const b = healthy('b');
    const { router } = routerOver([a, b]);
    const controller = new AbortController();
    const result = watch(router.chat(ASK, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error('user left'));
    await flush();
    const error = routerErrorOf(result);
    expect(error.code).toBe('aborted');
    expect(error.attempts).toEqual([
      expect.objectContaining({ provider: 'a', outcome: 'cancelled', ms: 100 }),
    ]);
    expect(a.calls[0]?.signal.aborted).toBe(true);
    expect(b.calls).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborts a backoff sleep at once, with no further attempt', async () => {
    const a = failing('a', 'rate-limited', { retryAfterMs: 5000 });
    const { router } = routerOver([a]);
    const controller = new AbortController();
    const result = watch(router.chat(ASK, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100);
    expect(result.settled).toBe(false);
    controller.abort();
    await flush();
    expect(routerErrorOf(result).code).toBe('aborted');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(a.calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no listener on a long-lived caller signal', async () => {
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, 'addEventListener');
    const removed = vi.spyOn(controller.signal, 'removeEventListener');
    const { router } = routerOver([healthy('a')]);
    for (let i = 0; i < 3; i++) await router.chat(ASK, { signal: controller.signal });
    expect(added.mock.calls.length).toBeGreaterThan(0);
    expect(removed.mock.calls.length).toBe(added.mock.calls.length);
  });
});

describe('a Retry-After is honoured router-wide', () => {
  it('later requests skip a rate-limited provider, without an attempt, until its Retry-After passes', async () => {
    let limited = true;
    const a = fakeProvider('a', {
      complete: async () => {
        if (limited) throw providerError('rate-limited', 'a', { status: 429, retryAfterMs: 5000 });
        return completion('a again');
      },
    });
    const b = healthy('b');
    const { router } = routerOver([a, b]);
    expect((await router.chat(ASK)).route.provider).toBe('b');
    limited = false;

    await vi.advanceTimersByTimeAsync(1000);
    const during = watch(router.chat(ASK));
    await flush();
    expect(during.value?.route.provider).toBe('b');
    expect(during.value?.route.attempts.map((t) => t.provider)).toEqual(['b']);
    expect(a.calls).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(4000);
    expect((await router.chat(ASK)).route.provider).toBe('a');
    expect(a.calls).toHaveLength(2);
  });

  it('a lone provider still cooling down past the deadline fails fast as rate-limited, with no attempt', async () => {
    const a = failing('a', 'rate-limited', { status: 429, retryAfterMs: 5000 });
    const { router } = routerOver([a], { deadlineMs: 2000 });
    const first = watch(router.chat(ASK));
    await flush();
    expect(routerErrorOf(first).code).toBe('rate-limited');

    await vi.advanceTimersByTimeAsync(1000);
    const second = watch(router.chat(ASK));
    await flush();
    const error = routerErrorOf(second);
    expect(error.code).toBe('rate-limited');
    expect(error.attempts).toEqual([]);
    expect(error.retryAfterMs).toBe(4000);
    expect(a.calls).toHaveLength(1);
  });
});

describe('circuit breakers', () => {
  it('skips a provider whose breaker is open, with no attempt recorded', async () => {
    const a = failing('a', 'unavailable');
    const b = healthy('b');
    const { router, eventsOf } = routerOver([a, b], {
      breaker: { consecutiveFailures: 1, openMs: 10_000 },
    });
    await router.chat(ASK);
    expect(router.breakers()).toEqual({ a: 'open', b: 'closed' });
    expect(eventsOf('breaker')).toEqual([
      { type: 'breaker', provider: 'a', from: 'closed', to: 'open', reason: '1 consecutive failures' },
    ]);

    const { route } = await router.chat(ASK);
    expect(a.calls).toHaveLength(1);
    expect(route.provider).toBe('b');
    expect(route.attempts).toEqual([expect.objectContaining({ provider: 'b', outcome: 'ok' })]);
    expect(route.skipped).toEqual([{ provider: 'a', reason: 'circuit-open' }]);
    expect(route.failoverMs).toBe(0);
  });

  it('no-provider-available when every breaker is open, then a trial closes it after openMs', async () => {
    let aFails = true;
    const a = fakeProvider('a', {
      complete: async () => {
        if (aFails) throw providerError('unavailable', 'a');
        return completion('a is back');
      },
    });
    const b = failing('b', 'network');
    const { router, eventsOf } = routerOver([a, b], {
      breaker: { consecutiveFailures: 1, openMs: 10_000 },
      retry: { maxRetries: 0 },
    });
    const first = watch(router.chat(ASK));
    await flush();
    expect(routerErrorOf(first).code).toBe('all-providers-failed');

    await vi.advanceTimersByTimeAsync(4000);
    const second = watch(router.chat(ASK));
    await flush();
    const error = routerErrorOf(second);
    expect(error.code).toBe('no-provider-available');
    expect(error.attempts).toEqual([]);
    expect(error.retryAfterMs).toBe(6000);
    expect(a.calls).toHaveLength(1);

    aFails = false;
    await vi.advanceTimersByTimeAsync(6000);
    const { route } = await router.chat(ASK);
    expect(route.provider).toBe('a');
    expect(router.breakers().a).toBe('closed');
    expect(eventsOf('breaker').map((e) => `${e.provider}:${e.from}>${e.to}`)).toEqual([
      'a:closed>open',
      'b:closed>open',
      'a:open>half-open',
      'a:half-open>closed',
      'b:open>half-open',
    ]);
  });

  it('in probe mode, a half-open breaker runs the provider’s probe, which closes it', async () => {
    let healthyNow = false;
    const a = fakeProvider('a', {
      complete: async () => {
        if (!healthyNow) throw providerError('unavailable', 'a');
        return completion('a');
      },
      probe: async () => {
        if (!healthyNow) throw providerError('unavailable', 'a');
      },
    });
    const { router, eventsOf } = routerOver([a], {
      breaker: { consecutiveFailures: 1, openMs: 1000, halfOpenMode: 'probe' },
      retry: { maxRetries: 0 },
    });
    await expect(router.chat(ASK)).rejects.toMatchObject({ code: 'all-providers-failed' });
    await vi.advanceTimersByTimeAsync(1000);
    healthyNow = true;
    await expect(router.chat(ASK)).rejects.toMatchObject({ code: 'no-provider-available' });
    expect(a.callsOf('complete')).toHaveLength(1); // no request was used as the trial
    expect(a.callsOf('probe')).toHaveLength(1);
    await flush();
    expect(router.breakers().a).toBe('closed');
    expect(eventsOf('probe')).toEqual([expect.objectContaining({ provider: 'a', ok: true })]);
    expect(eventsOf('breaker').at(-1)).toMatchObject({
      from: 'half-open',
      to: 'closed',
      reason: 'probe succeeded',
    });
    expect((await router.chat(ASK)).route.provider).toBe('a');
  });

  it('a bad request does not move the breaker', async () => {
    const a = failing('a', 'bad-request');
    const { router } = routerOver([a], { breaker: { consecutiveFailures: 1 } });
    await expect(router.chat(ASK)).rejects.toMatchObject({ code: 'bad-request' });
    expect(router.breakers().a).toBe('closed');
  });
});

describe('hedging', () => {
  const slowThenFast = () => {
    const a = fakeProvider('a', {
      complete: (call) => answerAfter(500, call.signal, () => completion('a, slowly')),
    });
    const b = fakeProvider('b', {
      complete: (call) => answerAfter(10, call.signal, () => completion('b, quickly')),
    });
    return { a, b };
  };

  it('is off by default: a slow primary is waited for', async () => {
    const { a, b } = slowThenFast();
    const { router, eventsOf } = routerOver([a, b]);
    const result = watch(router.chat(ASK));
    await vi.advanceTimersByTimeAsync(500);
    expect(result.value?.route.provider).toBe('a');
    expect(b.calls).toHaveLength(0);
    expect(eventsOf('hedge')).toEqual([]);
  });

  it('with hedge.delayMs, a slow primary loses to the fallback; the loser is cancelled and aborted', async () => {
    const { a, b } = slowThenFast();
    const { router, eventsOf } = routerOver([a, b], { hedge: { delayMs: 100 } });
    const result = watch(router.chat(ASK));
    await vi.advanceTimersByTimeAsync(99);
    expect(b.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(b.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10);
    const { completion: answer, route } = result.value!;
    expect(answer.choices[0]?.message.content).toBe('b, quickly');
    expect(route.provider).toBe('b');
    expect(route.attempts).toEqual([
      expect.objectContaining({ provider: 'a', outcome: 'cancelled', ms: 110 }),
      expect.objectContaining({ provider: 'b', outcome: 'ok', hedge: true, startMs: 100 }),
    ]);
    expect(a.calls[0]?.signal.aborted).toBe(true);
    expect((a.calls[0]!.signal.reason as AbortReason).kind).toBe('hedge-lost');
    expect(eventsOf('hedge')).toEqual([expect.objectContaining({ provider: 'b', afterMs: 100 })]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the primary still wins when it answers before the hedge', async () => {
    const a = fakeProvider('a', { complete: (call) => answerAfter(50, call.signal, () => completion('a')) });
    const b = healthy('b');
    const { router } = routerOver([a, b], { hedge: { delayMs: 100 } });
    const result = watch(router.chat(ASK));
    await vi.advanceTimersByTimeAsync(50);
    expect(result.value?.route.provider).toBe('a');
    await vi.advanceTimersByTimeAsync(200);
    expect(b.calls).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('load shedding', () => {
  it('sheds past the concurrency limit as rate-limited with retryAfterMs, and fails over', async () => {
    const a = fakeProvider('a', {
      complete: (call) => answerAfter(1000, call.signal, () => completion('a')),
    });
    const b = healthy('b');
    const { router, eventsOf } = routerOver([a, b], {
      concurrency: { a: { maxInFlight: 1 } },
      breaker: { consecutiveFailures: 1 },
    });
    const first = watch(router.chat(ASK));
    const second = watch(router.chat(ASK));
    await flush();
    expect(second.value?.route.provider).toBe('b');
    expect(second.value?.route.attempts[0]).toMatchObject({
      provider: 'a',
      outcome: 'rate-limited',
      detail: 'shed',
      retryAfterMs: 1000,
    });
    expect(eventsOf('shed')).toEqual([{ type: 'shed', provider: 'a', retryAfterMs: 1000 }]);
    // Shedding says nothing about a's health.
    expect(router.breakers().a).toBe('closed');
    await vi.advanceTimersByTimeAsync(1000);
    expect(first.value?.route.provider).toBe('a');
    // The slot is free again.
    const third = watch(router.chat(ASK));
    await vi.advanceTimersByTimeAsync(1000);
    expect(third.value?.route.provider).toBe('a');
  });

  it('queues up to maxQueue, and an aborted queued request gives its place up', async () => {
    const a = fakeProvider('a', { complete: (call) => answerAfter(100, call.signal, () => completion('a')) });
    const { router } = routerOver([a], { concurrency: { '*': { maxInFlight: 1, maxQueue: 1 } } });
    const first = watch(router.chat(ASK));
    const controller = new AbortController();
    const queued = watch(router.chat(ASK, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(10);
    expect(a.calls).toHaveLength(1);
    controller.abort();
    await flush();
    expect(routerErrorOf(queued).code).toBe('aborted');
    const third = watch(router.chat(ASK));
    await vi.advanceTimersByTimeAsync(200);
    expect(first.value?.route.provider).toBe('a');
    expect(third.value?.route.provider).toBe('a');
    expect(a.calls).toHaveLength(2);
  });
});

describe('events', () => {
  it('emits one attempt event per attempt, in order, and a throwing listener changes nothing', async () => {
    const a = failing('a', 'unavailable', { status: 503 });
    const b = healthy('b');
    const { router, events } = routerOver([a, b]);
    router.subscribe(() => {
      throw new Error('a broken logger');
    });
    const { route } = await router.chat(ASK);
    expect(events.map((e) => e.type)).toEqual(['attempt', 'failover', 'attempt']);
    const attempts = events.flatMap((e) => (e.type === 'attempt' ? [e.attempt] : []));
    expect(attempts).toEqual(route.attempts);
    const ids = new Set(events.flatMap((e) => ('requestId' in e ? [e.requestId] : [])));
    expect(ids.size).toBe(1);
  });

  it('subscribe returns an unsubscribe', async () => {
    const { router } = routerOver([healthy('a')]);
    const seen: string[] = [];
    const stop = router.subscribe((e) => seen.push(e.type));
    await router.chat(ASK);
    stop();
    await router.chat(ASK);
    expect(seen).toEqual(['attempt']);
  });
});
