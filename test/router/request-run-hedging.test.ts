// RequestRun (src/router/request-run.ts) through router.chat, on fake providers and a fake clock.
// More than one attempt at a time, and too many: hedging and load shedding.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AbortReason } from '../../src/router/signals.ts';
import { answerAfter, completion, fakeProvider, healthy } from './support/fake-provider.ts';
import { ASK, flush, routerErrorOf, routerOver, watch } from './support/router-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
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
