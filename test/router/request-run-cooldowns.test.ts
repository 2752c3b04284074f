// RequestRun (src/router/request-run.ts) through router.chat, on fake providers and a fake clock.
// Providers skipped with no attempt: a Retry-After honoured router-wide, and circuit breakers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { completion, failing, fakeProvider, healthy, providerError } from './support/fake-provider.ts';
import { ASK, flush, routerErrorOf, routerOver, watch } from './support/router-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
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
