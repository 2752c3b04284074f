import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isRouterError, type RouterError } from '../../src/router/errors.ts';
import type { AbortReason } from '../../src/router/signals.ts';
import type { ChatCompletionChunk } from '../../src/router/types.ts';
import {
  chunk,
  fakeProvider,
  hangUntilAborted,
  providerError,
  type ScriptedStream,
  scriptedStream,
} from './support/fake-provider.ts';
import { ASK, drain, routerOver } from './support/router-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const words = (name: string) => [chunk(`${name}:1`), chunk(`${name}:2`), chunk(`${name}:3`, 'stop')];
const text = (chunks: ChatCompletionChunk[]) =>
  chunks.map((c) => c.choices[0]?.delta.content ?? '').join(' ');

function streaming(name: string, script: ScriptedStream, onReturn?: () => void) {
  return fakeProvider(name, { stream: (call) => scriptedStream(call, script, onReturn) });
}

/** Drains a stream while the fake clock runs. */
async function drainWhileTicking(iterable: AsyncIterable<ChatCompletionChunk>, ms: number) {
  const drained = drain(iterable);
  await vi.advanceTimersByTimeAsync(ms);
  return drained;
}

function asRouterError(error: unknown): RouterError {
  if (!isRouterError(error)) throw new Error(`expected a RouterError, got ${String(error)}`);
  return error;
}

describe('streaming through the router', () => {
  it('fails over invisibly before the first chunk', async () => {
    const a = streaming('a', {
      chunks: words('a'),
      failAfter: { count: 0, error: providerError('unavailable', 'a') },
    });
    const b = streaming('b', { chunks: words('b') });
    const { router } = routerOver([a, b]);
    const stream = router.stream(ASK);
    const { items, error } = await drainWhileTicking(stream, 0);
    expect(error).toBeUndefined();
    expect(text(items)).toBe('b:1 b:2 b:3');
    const route = await stream.done;
    expect(route.provider).toBe('b');
    expect(route.attempts.map((t) => `${t.provider}:${t.outcome}`)).toEqual(['a:unavailable', 'b:ok']);
  });

  it('treats a stream that ends before its first chunk as a failed attempt and fails over', async () => {
    const a = streaming('a', { chunks: [] });
    const b = streaming('b', { chunks: words('b') });
    const { router } = routerOver([a, b]);
    const stream = router.stream(ASK);
    const { items, error } = await drainWhileTicking(stream, 0);
    expect(error).toBeUndefined();
    expect(items).toHaveLength(3);
    expect(stream.attempts[0]).toMatchObject({
      provider: 'a',
      outcome: 'stream-interrupted',
      detail: 'empty-stream',
    });
  });

  it('fails over when the first chunk does not come within the attempt timeout', async () => {
    const a = streaming('a', { chunks: words('a'), stallAfter: 0 });
    const b = streaming('b', { chunks: words('b') });
    const { router } = routerOver([a, b], { attemptTimeoutMs: 1000 });
    const { items, error } = await drainWhileTicking(router.stream(ASK), 1000);
    expect(error).toBeUndefined();
    expect(text(items)).toBe('b:1 b:2 b:3');
    expect(a.calls[0]?.signal.aborted).toBe(true);
  });

  it('after the first chunk, a break ends the iteration with stream-interrupted (no failover)', async () => {
    const a = streaming('a', {
      chunks: words('a'),
      failAfter: { count: 2, error: providerError('network', 'a', { detail: 'reset' }) },
    });
    const b = streaming('b', { chunks: words('b') });
    const { router } = routerOver([a, b], { breaker: { consecutiveFailures: 1 } });
    const stream = router.stream(ASK);
    const { items, error } = await drainWhileTicking(stream, 0);
    expect(text(items)).toBe('a:1 a:2');
    const routerError = asRouterError(error);
    expect(routerError.code).toBe('stream-interrupted');
    expect(routerError.message).toMatch(/broke after it began/);
    expect(b.calls).toHaveLength(0);
    await expect(stream.done).rejects.toBe(error);
    // A stream that broke counts against the provider.
    expect(router.breakers().a).toBe('open');
  });

  it('never ends cleanly without a finish_reason', async () => {
    const a = streaming('a', { chunks: [chunk('half'), chunk(' an answer')] });
    const { router } = routerOver([a]);
    const stream = router.stream(ASK);
    const { items, error } = await drainWhileTicking(stream, 0);
    expect(items).toHaveLength(2);
    expect(asRouterError(error).code).toBe('stream-interrupted');
    expect((error as Error).message).toMatch(/without a finish_reason/);
    await expect(stream.done).rejects.toMatchObject({ code: 'stream-interrupted' });
  });

  it('times out a stream that stalls after its first chunk (idleTimeoutMs) and aborts the upstream', async () => {
    let returned = false;
    const a = streaming('a', { chunks: words('a'), stallAfter: 1 }, () => {
      returned = true;
    });
    const { router } = routerOver([a], { attemptTimeoutMs: 10_000, idleTimeoutMs: 500 });
    const stream = router.stream(ASK);
    const drained = drain(stream);
    await vi.advanceTimersByTimeAsync(499);
    expect(returned).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const { items, error } = await drained;
    expect(text(items)).toBe('a:1');
    expect(asRouterError(error).code).toBe('stream-interrupted');
    expect((error as Error).message).toMatch(/stalled: no chunk for 500 ms/);
    expect(a.calls[0]?.signal.aborted).toBe(true);
    expect(returned).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets a dribbling stream run past the attempt timeout and the deadline while chunks keep coming', async () => {
    const chunks = Array.from({ length: 8 }, (_, i) => chunk(`w${i}`, i === 7 ? 'stop' : null));
    const a = streaming('a', { chunks, gapMs: 400 });
    const { router } = routerOver([a], { attemptTimeoutMs: 1000, idleTimeoutMs: 500, deadlineMs: 2000 });
    const { items, error } = await drainWhileTicking(router.stream(ASK), 8 * 400);
    expect(error).toBeUndefined();
    expect(items).toHaveLength(8);
  });

  it('a consumer break aborts the upstream and closes it', async () => {
    let returned = false;
    const a = streaming('a', { chunks: words('a') }, () => {
      returned = true;
    });
    const { router } = routerOver([a]);
    const stream = router.stream(ASK);
    const seen: string[] = [];
    const loop = (async () => {
      for await (const c of stream) {
        seen.push(c.choices[0]?.delta.content ?? '');
        break;
      }
    })();
    await vi.advanceTimersByTimeAsync(0);
    await loop;
    expect(seen).toEqual(['a:1']);
    const signal = a.calls[0]!.signal;
    expect(signal.aborted).toBe(true);
    expect((signal.reason as AbortReason).kind).toBe('done');
    expect(returned).toBe(true);
    await expect(stream.done).rejects.toMatchObject({ code: 'aborted' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the caller’s signal mid-stream ends it with aborted', async () => {
    const a = streaming('a', { chunks: words('a'), stallAfter: 1 });
    const { router } = routerOver([a], { idleTimeoutMs: 60_000 });
    const controller = new AbortController();
    const drained = drain(router.stream(ASK, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    const { items, error } = await drained;
    expect(items).toHaveLength(1);
    expect(asRouterError(error).code).toBe('aborted');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a failed stream before any chunk rejects with the router’s verdict', async () => {
    const a = fakeProvider('a', {
      stream: async function* (call) {
        await hangUntilAborted(call.signal);
        yield chunk('never');
      },
    });
    const { router } = routerOver([a], { attemptTimeoutMs: 100 });
    const stream = router.stream(ASK);
    const { items, error } = await drainWhileTicking(stream, 100);
    expect(items).toEqual([]);
    expect(asRouterError(error).code).toBe('all-providers-failed');
    expect(asRouterError(error).attempts[0]).toMatchObject({ outcome: 'timeout' });
    await expect(stream.done).rejects.toBe(error);
  });

  it('starts nothing, not even its deadline, until it is iterated', async () => {
    const a = fakeProvider('a', {
      stream: (call) => {
        if (call.signal.aborted) throw call.signal.reason;
        return scriptedStream(call, { chunks: words('a') });
      },
    });
    const { router } = routerOver([a], { deadlineMs: 1000 });
    const controller = new AbortController();
    const stream = router.stream(ASK, { signal: controller.signal });
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(a.calls).toHaveLength(0);
    const { items, error } = await drainWhileTicking(stream, 0);
    expect(error).toBeUndefined();
    expect(text(items)).toBe('a:1 a:2 a:3');

    // A stream dropped before it was iterated leaves nothing behind either.
    router.stream(ASK, { signal: controller.signal });
    controller.abort();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('can be iterated once', async () => {
    const { router } = routerOver([streaming('a', { chunks: words('a') })]);
    const stream = router.stream(ASK);
    await drainWhileTicking(stream, 0);
    const again = await drain(stream);
    expect(again.error).toBeInstanceOf(TypeError);
  });
});
