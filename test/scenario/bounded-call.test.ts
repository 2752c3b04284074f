import { describe, expect, it } from 'vitest';
import { boundedCall, boundedStream, IgnoredAbortError } from '../../src/scenario/bounded-call.ts';
import { recordRequest } from '../../src/scenario/recorder.ts';
import type { SystemUnderTest } from '../../src/systems/system-under-test.ts';

const never = new Promise<never>(() => {});
const body = { messages: [{ role: 'user' as const, content: 'hi' }] };

function chunk(content: string) {
  return {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  };
}

/** A system that never looks at its signal: its calls never end. */
const deaf: SystemUnderTest = {
  chat: () => never,
  stream: () => ({
    route: () => ({}),
    async *[Symbol.asyncIterator]() {
      yield chunk('Hel');
      await never;
    },
  }),
  close: async () => {},
};

describe('boundedCall', () => {
  it('gives up on a call that ignores its aborted signal once the grace ran out', async () => {
    const controller = new AbortController();
    const call = boundedCall(never, controller.signal, 20);
    controller.abort(new Error('stop'));
    await expect(call).rejects.toBeInstanceOf(IgnoredAbortError);
  });

  it("keeps the system's own outcome when it ends the call within the grace", async () => {
    const controller = new AbortController();
    const own = new Promise((_, reject) =>
      controller.signal.addEventListener('abort', () => setTimeout(() => reject(new Error('own abort')), 5)),
    );
    const call = boundedCall(own, controller.signal, 1_000);
    controller.abort();
    await expect(call).rejects.toThrow('own abort');
  });

  it('passes a result through and leaves no listener behind', async () => {
    const controller = new AbortController();
    await expect(boundedCall(Promise.resolve(7), controller.signal, 20)).resolves.toBe(7);
    // Aborting afterwards starts no timer that could reject anything.
    controller.abort();
  });
});

describe('boundedStream', () => {
  it('yields the chunks, then gives up on a stuck next() after the abort and asks the iterator to return', async () => {
    let returned = false;
    const stuck: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => {
        let n = 0;
        return {
          next: () => (n++ < 2 ? Promise.resolve({ value: n, done: false }) : never),
          return: () => {
            returned = true;
            return never;
          },
        };
      },
    };
    const controller = new AbortController();
    const seen: number[] = [];
    const reading = (async () => {
      for await (const value of boundedStream(stuck, controller.signal, 20)) {
        seen.push(value);
        if (seen.length === 2) controller.abort();
      }
    })();
    await expect(reading).rejects.toBeInstanceOf(IgnoredAbortError);
    expect(seen).toEqual([1, 2]);
    expect(returned).toBe(true);
  });
});

describe('recordRequest on a system that ignores its signal', () => {
  it('records a chat that never ends as a client timeout instead of waiting forever', async () => {
    const r = await recordRequest(
      deaf,
      { index: 0, stream: false, body },
      performance.now(),
      new AbortController().signal,
      100,
    );
    expect(r.completion).toBe('fail');
    expect(r.error?.code).toBe('client-timeout');
    expect(r.latencyMs).toBeLessThan(30_000);
  }, 20_000);

  it('records a stream stuck after its first chunk as indeterminate, with the client timeout', async () => {
    const r = await recordRequest(
      deaf,
      { index: 1, stream: true, body },
      performance.now(),
      new AbortController().signal,
      100,
    );
    expect(r.completion).toBe('info');
    expect(r.chunks).toBe(1);
    expect(r.error?.code).toBe('client-timeout');
  }, 20_000);
});
