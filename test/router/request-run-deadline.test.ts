// RequestRun (src/router/request-run.ts) through router.chat, on fake providers and a fake clock.
// The overall deadline and the caller's AbortSignal: how a request ends early.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { failing, fakeProvider, hangUntilAborted, healthy } from './support/fake-provider.ts';
import { ASK, flush, routerErrorOf, routerOver, watch } from './support/router-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
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
