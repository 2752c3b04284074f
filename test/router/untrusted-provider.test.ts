import { describe, expect, it } from 'vitest';
import { isRouterError } from '../../src/router/errors.ts';
import type { Provider } from '../../src/router/providers/provider.ts';
import { createRouter } from '../../src/router/router.ts';
import type { ChatCompletion, ChatCompletionChunk } from '../../src/router/types.ts';
import { completion } from './support/fake-provider.ts';

/** A provider that never settles and never looks at its signal: the worst a plugin can do. */
function deafProvider(name: string): Provider {
  return {
    name,
    model: 'm',
    complete: () => new Promise<ChatCompletion>(() => {}),
    stream: () => ({
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<ChatCompletionChunk>>(() => {}),
      }),
    }),
    probe: () => new Promise<void>(() => {}),
  };
}

function healthy(name: string): Provider {
  return {
    name,
    model: 'm',
    complete: async () => completion('hello'),
    stream: () => {
      throw new Error('not used');
    },
    probe: async () => {},
  };
}

/** The router races every wait against its own abort, so a provider that ignores its signal cannot hang a request. */
describe('a provider that ignores its abort signal', () => {
  it('still times out, and the fallback serves', async () => {
    const router = createRouter({
      providers: [deafProvider('deaf'), healthy('ok')],
      attemptTimeoutMs: 50,
      breaker: false,
    });
    const { route } = await router.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(route.provider).toBe('ok');
    expect(route.attempts.map((a) => a.outcome)).toEqual(['timeout', 'ok']);
    await router.close();
  });

  it('cannot hang a request past its deadline', async () => {
    const router = createRouter({
      providers: [deafProvider('deaf')],
      attemptTimeoutMs: 10_000,
      deadlineMs: 80,
      breaker: false,
    });
    const error = await router.chat({ messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(isRouterError(error) && error.code).toBe('deadline-exceeded');
    await router.close();
  });

  it('cannot hang a caller that aborts', async () => {
    const router = createRouter({
      providers: [deafProvider('deaf')],
      attemptTimeoutMs: 10_000,
      breaker: false,
    });
    const pending = router.chat(
      { messages: [{ role: 'user', content: 'hi' }] },
      { signal: AbortSignal.timeout(50) },
    );
    const error = await pending.catch((e: unknown) => e);
    expect(isRouterError(error) && error.code).toBe('aborted');
    await router.close();
  });
});
