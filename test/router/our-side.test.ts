import { describe, expect, it } from 'vitest';
import { isRouterError, type RouterError } from '../../src/router/errors.ts';
import { openaiCompatible } from '../../src/router/providers/openai-compatible.ts';
import { createRouter } from '../../src/router/router.ts';
import type { Transport, TransportRequest } from '../../src/router/transport/transport.ts';
import type { ChatRequest } from '../../src/router/types.ts';
import { chunk, completion, fakeProvider } from './support/fake-provider.ts';
import { ASK, routerOver } from './support/router-harness.ts';

/** A transport that answers every chat completion with a healthy body and counts what it sent. */
function countingTransport(): Transport & { sent: TransportRequest[] } {
  const sent: TransportRequest[] = [];
  const body = JSON.stringify(completion('hello'));
  return {
    name: 'counting',
    sent,
    async request(request) {
      sent.push(request);
      return {
        status: 200,
        header: (name) => (name === 'content-type' ? 'application/json' : undefined),
        headerEntries: () => [['content-type', 'application/json']],
        body: (async function* () {})(),
        text: async () => body,
        discard: async () => {},
      };
    },
    fetch: () => Promise.reject(new Error('not used')),
    close: async () => {},
  };
}

async function rejection(promise: Promise<unknown>): Promise<RouterError> {
  try {
    await promise;
  } catch (error) {
    if (isRouterError(error)) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

function unencodable(): Array<[string, () => ChatRequest]> {
  return [
    ['a BigInt', () => ({ messages: [{ role: 'user', content: 10n as never }] })],
    [
      'a circular object',
      () => {
        const content: Record<string, unknown> = { text: 'hi' };
        content.self = content;
        return { messages: [{ role: 'user', content: content as never }] };
      },
    ],
    [
      'content nested 5,000 deep',
      () => {
        let content: unknown = 'hi';
        for (let i = 0; i < 5000; i++) content = [content];
        return { messages: [{ role: 'user', content: content as never }] };
      },
    ],
  ];
}

describe('a request that cannot be encoded is bad-request before any provider is tried', () => {
  it.each(unencodable())('%s: no attempt, no breaker moved, later requests still served', async (_, make) => {
    const transport = countingTransport();
    const router = createRouter({
      providers: [
        openaiCompatible({ name: 'primary', baseURL: 'http://primary.test/v1', model: 'm' }),
        openaiCompatible({ name: 'fallback', baseURL: 'http://fallback.test/v1', model: 'm' }),
      ],
      transport,
      breaker: { consecutiveFailures: 1 },
    });
    for (let i = 0; i < 6; i++) {
      const error = await rejection(router.chat(make()));
      expect(error.code).toBe('bad-request');
      expect(error.attempts).toEqual([]);
      const streamError = await rejection(
        (async () => {
          for await (const _chunk of router.stream(make())) {
            // never reached
          }
        })(),
      );
      expect(streamError.code).toBe('bad-request');
    }
    expect(transport.sent).toHaveLength(0);
    expect(router.breakers()).toEqual({ primary: 'closed', fallback: 'closed' });
    const { route } = await router.chat(ASK);
    expect(route.provider).toBe('primary');
  });
});

describe('an error on our side of the wire never counts against a provider', () => {
  it('a normalizer bug in the primary: outcome internal, its breaker stays closed, the fallback serves', async () => {
    const buggy = fakeProvider('a', {
      complete: async () => {
        const nothing = null as unknown as { choices: unknown[] };
        return nothing.choices as never;
      },
    });
    const healthy = fakeProvider('b', { complete: async () => completion('b answered') });
    const { router } = routerOver([buggy, healthy], {
      transport: undefined,
      clock: undefined,
      breaker: { consecutiveFailures: 1 },
    });
    for (let i = 0; i < 3; i++) {
      const { route } = await router.chat(ASK);
      expect(route.provider).toBe('b');
      expect(route.attempts[0]).toMatchObject({ provider: 'a', outcome: 'internal', detail: 'our-side' });
    }
    expect(buggy.calls).toHaveLength(3);
    expect(router.breakers()).toEqual({ a: 'closed', b: 'closed' });
    await router.close();
  });

  it('a bug mid-stream ends the stream with an error but does not open the breaker', async () => {
    const buggy = fakeProvider('a', {
      async *stream() {
        yield chunk('one');
        throw new TypeError("Cannot read properties of null (reading 'delta')");
      },
    });
    const { router } = routerOver([buggy], {
      transport: undefined,
      clock: undefined,
      breaker: { consecutiveFailures: 1 },
    });
    const error = await rejection(
      (async () => {
        for await (const _chunk of router.stream(ASK)) {
          // read to the end
        }
      })(),
    );
    expect(error.code).toBe('stream-interrupted');
    expect(router.breakers()).toEqual({ a: 'closed' });
    await router.close();
  });

  it('a socket reset mid-stream still counts against the provider', async () => {
    const reset = Object.assign(new TypeError('terminated'), { cause: { code: 'ECONNRESET' } });
    const broken = fakeProvider('a', {
      async *stream() {
        yield chunk('one');
        throw reset;
      },
    });
    const { router } = routerOver([broken], {
      transport: undefined,
      clock: undefined,
      breaker: { consecutiveFailures: 1 },
    });
    const error = await rejection(
      (async () => {
        for await (const _chunk of router.stream(ASK)) {
          // read to the end
        }
      })(),
    );
    expect(error.code).toBe('stream-interrupted');
    expect(router.breakers()).toEqual({ a: 'open' });
    await router.close();
  });
});
