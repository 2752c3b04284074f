import { describe, expect, it } from 'vitest';
import { recordRequest } from '../../src/scenario/recorder.ts';
import type { PlannedRequest } from '../../src/scenario/traffic.ts';
import type { SystemUnderTest } from '../../src/systems/system-under-test.ts';

const planned: PlannedRequest = {
  index: 0,
  stream: true,
  body: { messages: [{ role: 'user', content: 'hi' }] },
};

function chunk(content: string, finish: string | null = null) {
  return {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  };
}

/** A stream that, like the openai SDK, ends quietly when its signal aborts mid-way. */
function quietOnAbort(): SystemUnderTest {
  return {
    chat: () => Promise.reject(new Error('unused')),
    stream: (_request, signal) => ({
      route: () => ({}),
      async *[Symbol.asyncIterator]() {
        yield chunk('Hel');
        yield chunk('lo [brownout:k.0@openai#3]');
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      },
    }),
    close: async () => {},
  };
}

describe('recordRequest', () => {
  it('records a stream whose client timed out mid-way as indeterminate, never ok', async () => {
    const r = await recordRequest(
      quietOnAbort(),
      planned,
      performance.now(),
      new AbortController().signal,
      150,
      'k.0',
    );
    expect(r.completion).toBe('info');
    expect(r.answers).toBe(0);
    expect(r.error?.code).toBe('client-timeout');
    expect(r.chunks).toBe(2);
    expect(r.key).toBe('k.0');
    expect(r.echo).toEqual({ key: 'k.0', provider: 'openai', seq: 3, count: 1 });
  });

  it('records a whole stream as ok, with its longest gap between chunks and its model', async () => {
    const sut: SystemUnderTest = {
      chat: () => Promise.reject(new Error('unused')),
      stream: () => ({
        route: () => ({}),
        async *[Symbol.asyncIterator]() {
          yield chunk('a');
          await new Promise((resolve) => setTimeout(resolve, 60));
          yield chunk('b', 'stop');
        },
      }),
      close: async () => {},
    };
    const r = await recordRequest(sut, planned, performance.now(), new AbortController().signal, 5000);
    expect(r.completion).toBe('ok');
    expect(r.maxChunkGapMs).toBeGreaterThanOrEqual(50);
    expect(r.answer).toEqual({ model: 'gpt-4o-mini' });
  });
});
