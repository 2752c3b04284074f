/**
 * Deliberately broken routers, each with one defect teams really ship. The checkers must catch
 * every one and name the check that caught it.
 */

import type { AttemptRecord } from '../../../src/router/errors.ts';
import type { Provider } from '../../../src/router/providers/provider.ts';
import { createRouter } from '../../../src/router/router.ts';
import type { SystemFactory } from '../../../src/scenario/run-scenario.ts';
import { buildProviders, referenceSystem, routerOptions } from '../../../src/systems/reference.ts';
import type { SystemUnderTest } from '../../../src/systems/system-under-test.ts';

/** The reference router with a policy override (failover off, no stream timeout, breaker off...). */
export function referenceWith(override: Record<string, unknown>): SystemFactory {
  return (input) => referenceSystem({ ...input, config: { ...input.config, ...override } });
}

/**
 * A naive router as many teams write it: try the primary, on any error retry it at once a few
 * times (ignoring Retry-After), then the fallback. Records its attempts honestly.
 */
export const naiveRetrier: SystemFactory = (input) => {
  const providers = buildProviders(input.config, input.endpoints, input.credentials);
  const t = () => performance.now();
  return {
    async chat(request, signal) {
      const attempts: AttemptRecord[] = [];
      const t0 = t();
      for (const provider of providers) {
        for (let i = 0; i < 3; i++) {
          const start = t();
          try {
            const completion = await provider.complete(request, { signal, transport: input.transport });
            attempts.push({ provider: provider.name, outcome: 'ok', startMs: start - t0, ms: t() - start });
            return { completion, route: { provider: provider.name, attempts, failoverMs: start - t0 } };
          } catch (error) {
            const e = error as { code?: AttemptRecord['outcome']; status?: number; retryAfterMs?: number };
            const record: AttemptRecord = {
              provider: provider.name,
              outcome: e.code ?? 'network',
              startMs: start - t0,
              ms: t() - start,
            };
            if (e.status !== undefined) record.status = e.status;
            if (e.retryAfterMs !== undefined) record.retryAfterMs = e.retryAfterMs;
            attempts.push(record);
          }
        }
      }
      throw Object.assign(new Error('every provider failed'), { code: 'all-providers-failed', attempts });
    },
    stream() {
      throw new Error('the naive retrier does not stream');
    },
    async close() {
      await input.transport.close();
    },
  } satisfies SystemUnderTest;
};

/** A gateway that passes a broken stream on as a clean end (Portkey's behaviour, FACTS.md). */
export const swallowsStreamErrors: SystemFactory = (input) => {
  const inner = referenceSystem(input);
  return {
    ...inner,
    stream(request, signal) {
      const stream = inner.stream(request, signal);
      return {
        route: () => stream.route(),
        async *[Symbol.asyncIterator]() {
          try {
            yield* stream;
          } catch {
            // The defect: end quietly, as if the answer were whole.
          }
        },
      };
    },
  };
};

/** Hugging Face answers passed through as they come, without normalization to OpenAI's schema. */
export const unnormalizedFallback: SystemFactory = (input) => {
  const [primary] = buildProviders(input.config, input.endpoints, input.credentials);
  const rawHf: Provider = {
    name: 'huggingface',
    model: 'openai/gpt-oss-20b',
    async complete(request, ctx) {
      const at = input.endpoints.huggingface as { endpointUrl: string };
      const response = await ctx.transport.request({
        url: `${at.endpointUrl}/v1/chat/completions`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${input.credentials.hfToken}` },
        body: JSON.stringify({ ...request, model: 'openai/gpt-oss-20b' }),
        signal: ctx.signal,
      });
      // The defect: the fallback's dialect reaches the caller as it is.
      return JSON.parse(await response.text());
    },
    stream: () => {
      throw new Error('the unnormalized fallback does not stream');
    },
    probe: async () => {},
  };
  const router = createRouter({
    ...routerOptions(input.config),
    providers: [primary as Provider, rawHf],
    transport: input.transport,
    random: input.random,
  });
  return {
    async chat(request, signal) {
      const { completion, route } = await router.chat(request, { signal });
      return {
        completion,
        route: { provider: route.provider, attempts: route.attempts, failoverMs: route.failoverMs },
      };
    },
    stream() {
      throw new Error('the unnormalized fallback does not stream');
    },
    async close() {
      await router.close();
    },
  };
};
