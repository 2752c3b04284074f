import { describe, expect, it } from 'vitest';
import { startBackend } from '../../src/scenario/backends.ts';
import { seededRandom } from '../../src/scenario/random.ts';
import { runProperty } from '../../src/scenario/run-property.ts';
import { unnormalizedFallback } from './support/broken-systems.ts';

/**
 * A property failure carries its seed and fast-check's path; replaying them reproduces the same
 * shrunk counterexample (fast-check's ReplayFailures idea, held to here).
 */
describe('property replay', () => {
  it('replays a falsified schema-parity property from its seed and path', async () => {
    const session = await startBackend('msw', 7, { providers: ['openai', 'huggingface'] });
    const ctx = {
      providers: ['openai', 'huggingface'],
      secrets: [],
      policy: { attemptTimeoutMs: 100, deadlineMs: 2000, maxAttempts: 4, maxRetries: 1 },
    };
    const config = {
      attemptTimeoutMs: 100,
      deadlineMs: 2000,
      retry: { maxRetries: 1 },
      breaker: false as const,
    };
    const env = {
      injector: session.injector,
      ctx,
      // Non-streaming only: the broken system has no stream path.
      makeSystem: () => {
        const system = unnormalizedFallback({
          config,
          endpoints: session.injector.endpoints,
          credentials: {
            openaiKey: 'sk-test-0000000000000000000000',
            hfToken: 'hf_test00000000000000000000',
          },
          transport: session.transport,
          random: seededRandom(1),
        });
        return {
          ...system,
          stream: () => ({
            route: () => ({}),
            async *[Symbol.asyncIterator]() {
              yield* [];
              throw Object.assign(new Error('no streams'), { code: 'bad-request' });
            },
          }),
        };
      },
    };
    try {
      const first = await runProperty('schema-parity', env, { seed: 99, runs: 50 });
      expect(first.verdict).toBe('fail');
      expect(first.seed).toBe(99);
      expect(first.path).toBeDefined();
      expect(first.message).toMatch(/breaks the schema/);
      const replayed = await runProperty('schema-parity', env, {
        seed: first.seed,
        runs: 50,
        path: first.path as string,
      });
      expect(replayed.verdict).toBe('fail');
      expect(replayed.counterexample).toEqual(first.counterexample);
      expect(replayed.message).toBe(first.message);
    } finally {
      await session.injector.stop();
      await session.transport.close();
    }
  });
});
