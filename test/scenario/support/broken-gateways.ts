/**
 * More deliberately broken routers, one real-world defect each, for the faults gateways get wrong:
 * a hand-rolled OpenAI client (lenient where it must not be, strict where it need not be), and a
 * fallback judged by its status instead of its body.
 */
import { classifyHttpError, parseErrorBody } from '../../../src/router/classify.ts';
import { ProviderError } from '../../../src/router/errors.ts';
import { normalizeChunk, normalizeCompletion } from '../../../src/router/normalize.ts';
import type { Provider } from '../../../src/router/providers/provider.ts';
import { createRouter } from '../../../src/router/router.ts';
import { readServerSentEvents } from '../../../src/router/sse.ts';
import type { SystemFactory } from '../../../src/scenario/run-scenario.ts';
import { buildProviders, routerOptions } from '../../../src/systems/reference.ts';
import type { SystemUnderTest } from '../../../src/systems/system-under-test.ts';

type Input = Parameters<SystemFactory>[0];

export interface HandRolledDefects {
  /** Drops a stream chunk that is not JSON and reads on (the answer gets a hole). */
  skipBadChunks?: boolean;
  /** Calls a stream that ends without `data: [DONE]` broken, complete or not. */
  requireDone?: boolean;
}

/**
 * An OpenAI client as teams write it by hand: status errors classified as the reference does, but
 * no check that an answer has content, and the stream defects asked for.
 */
function handRolledOpenAI(input: Input, defects: HandRolledDefects): Provider {
  const at = input.endpoints.openai;
  if (!at) throw new Error('the hand-rolled OpenAI client needs the backend to serve openai');
  const { baseURL } = at;
  const name = 'openai';
  const model = 'gpt-4o-mini';
  const post = async (request: object, ctx: Parameters<Provider['complete']>[1], stream: boolean) => {
    const response = await ctx.transport.request({
      url: `${baseURL}/chat/completions`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${input.credentials.openaiKey}` },
      body: JSON.stringify({ ...request, model, stream }),
      signal: ctx.signal,
    });
    if (response.status >= 300) {
      const text = await response.text();
      throw classifyHttpError(name, response.status, response.header, parseErrorBody(text));
    }
    return response;
  };
  return {
    name,
    model,
    async complete(request, ctx) {
      const response = await post(request, ctx, false);
      // The defect shared by all: a 200 is an answer, empty or not.
      return normalizeCompletion(JSON.parse(await response.text()), { provider: name, model });
    },
    async *stream(request, ctx) {
      const response = await post(request, ctx, true);
      let done = false;
      for await (const event of readServerSentEvents(response.body)) {
        if (event.data === '[DONE]') {
          done = true;
          break;
        }
        let raw: unknown;
        try {
          raw = JSON.parse(event.data);
        } catch (error) {
          if (defects.skipBadChunks) continue;
          throw new ProviderError('malformed', `${name}: unparseable chunk`, {
            provider: name,
            cause: error,
          });
        }
        yield normalizeChunk(raw, { provider: name, model });
      }
      if (defects.requireDone && !done) {
        throw new ProviderError('stream-interrupted', `${name}: the stream ended without [DONE]`, {
          provider: name,
        });
      }
    },
    probe: async () => {},
  };
}

/** The reference router's policies over the given providers, as a system under test. */
function systemOver(input: Input, providers: Provider[]): SystemUnderTest {
  const router = createRouter({
    ...routerOptions(input.config),
    providers,
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
    stream(request, signal) {
      const stream = router.stream(request, { signal });
      return {
        [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
        route: () => ({
          attempts: stream.attempts,
          ...(stream.route ? { provider: stream.route.provider } : {}),
        }),
      };
    },
    async close() {
      await router.close();
    },
  };
}

/** The reference router with a hand-rolled OpenAI client in front (the reference Hugging Face behind). */
export function handRolledPrimary(defects: HandRolledDefects = {}): SystemFactory {
  return (input) => {
    const [, fallback] = buildProviders(input.config, input.endpoints, input.credentials);
    return systemOver(input, [handRolledOpenAI(input, defects), fallback as Provider]);
  };
}

/**
 * The fallback judged by its status: the HF router's 400 "model not supported by any provider"
 * taken for the caller's bad request, so the caller is told to fix a request that was fine.
 */
export const fallbackJudgedByStatus: SystemFactory = (input) => {
  const [primary, fallback] = buildProviders(input.config, input.endpoints, input.credentials) as Provider[];
  const byStatus = (error: unknown) =>
    error instanceof ProviderError && error.status === 400
      ? new ProviderError('bad-request', error.message, { provider: error.provider, status: 400 })
      : error;
  const judged: Provider = {
    name: fallback!.name,
    model: fallback!.model,
    complete: (request, ctx) =>
      fallback!.complete(request, ctx).catch((error: unknown) => {
        throw byStatus(error);
      }),
    async *stream(request, ctx) {
      try {
        yield* fallback!.stream(request, ctx);
      } catch (error) {
        throw byStatus(error);
      }
    },
    probe: (ctx) => fallback!.probe(ctx),
  };
  return systemOver(input, [primary!, judged]);
};
