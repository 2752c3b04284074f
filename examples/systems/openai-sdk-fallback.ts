/**
 * The failover most teams write first: the official `openai` SDK with its own retries, and a
 * hand-written fallback to Hugging Face's OpenAI-compatible router when OpenAI fails.
 *
 *   npx brownout run --system examples/systems/openai-sdk-fallback.ts
 *
 * In an app the two clients are built once, from OPENAI_API_KEY and HF_TOKEN, with
 * `baseURL: 'https://router.huggingface.co/v1'` for Hugging Face. Here they are built once per
 * scenario from what brownout says (the base URLs of the fake providers, fake keys, the scenario's
 * timeouts), so the same code runs against every fault backend.
 */
import { defineSystem, type SystemCallContext } from 'brownout';
import OpenAI from 'openai';
import { VERSION } from 'openai/version';

interface Clients {
  openai: OpenAI;
  huggingface: OpenAI;
}

const perScenario = new WeakMap<object, Clients>();

function clients({ providers, policy }: SystemCallContext): Clients {
  let built = perScenario.get(providers);
  if (!built) {
    // The SDK retries 408, 409, 429, 5xx and connection errors itself, with backoff (honouring Retry-After).
    const options = { maxRetries: policy.maxRetries, timeout: policy.attemptTimeoutMs };
    built = {
      openai: new OpenAI({ ...options, baseURL: providers.openai.baseURL, apiKey: providers.openai.apiKey }),
      huggingface: new OpenAI({
        ...options,
        baseURL: providers.huggingface.baseURL,
        apiKey: providers.huggingface.apiKey,
      }),
    };
    perScenario.set(providers, built);
  }
  return built;
}

/** The caller's signal, bounded by the whole request's budget (the SDK has no overall deadline). */
function withDeadline(context: SystemCallContext): AbortSignal {
  return AbortSignal.any([context.signal, AbortSignal.timeout(context.policy.deadlineMs)]);
}

/** The caller went away: no fallback for that. */
function callerGone(error: unknown, context: SystemCallContext): boolean {
  return context.signal.aborted || error instanceof OpenAI.APIUserAbortError;
}

export default defineSystem({
  name: 'openai-sdk-fallback',
  description: 'openai SDK (maxRetries, timeout) with a try/catch fallback to the Hugging Face router',
  http: 'fetch',
  versions: { openai: VERSION },
  async chat(request, context) {
    const started = performance.now();
    const { openai, huggingface } = clients(context);
    const signal = withDeadline(context);
    const { providers } = context;
    try {
      const completion = await openai.chat.completions.create(
        { ...request, model: providers.openai.model, stream: false },
        { signal },
      );
      context.reportRoute({ provider: 'openai' });
      return completion;
    } catch (error) {
      if (callerGone(error, context)) throw error;
      context.reportRoute({ failoverMs: performance.now() - started });
      const completion = await huggingface.chat.completions.create(
        { ...request, model: providers.huggingface.model, stream: false },
        { signal },
      );
      context.reportRoute({ provider: 'huggingface' });
      return completion;
    }
  },
  async *stream(request, context) {
    const started = performance.now();
    const { openai, huggingface } = clients(context);
    const signal = withDeadline(context);
    const { providers } = context;
    let stream: AsyncIterable<unknown>;
    // Fall back only before the first chunk: after it, the caller has text that another model would not continue.
    try {
      stream = await openai.chat.completions.create(
        { ...request, model: providers.openai.model, stream: true },
        { signal },
      );
      context.reportRoute({ provider: 'openai' });
    } catch (error) {
      if (callerGone(error, context)) throw error;
      context.reportRoute({ failoverMs: performance.now() - started });
      stream = await huggingface.chat.completions.create(
        { ...request, model: providers.huggingface.model, stream: true },
        { signal },
      );
      context.reportRoute({ provider: 'huggingface' });
    }
    yield* stream;
  },
});
