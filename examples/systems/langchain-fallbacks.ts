/**
 * LangChain.js as its docs show failover: `new ChatOpenAI(...).withFallbacks([...])`, OpenAI first,
 * then Hugging Face's OpenAI-compatible router through a second `ChatOpenAI` whose
 * `configuration.baseURL` is `https://router.huggingface.co/v1`. Each model keeps LangChain's own
 * retries (`maxRetries`) and timeout.
 *
 *   npx brownout run --system examples/systems/langchain-fallbacks.ts
 */
import { createRequire } from 'node:module';
import type { AIMessageChunk, BaseMessageLike } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import { ChatOpenAI } from '@langchain/openai';
import { defineSystem, type SystemCallContext, toChatChunk, toChatCompletion } from 'brownout';

const version = (name: string) =>
  (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;

type Chain = Runnable<BaseMessageLike[], AIMessageChunk>;

const perScenario = new WeakMap<object, Chain>();

function chain({ providers, policy }: SystemCallContext): Chain {
  let built = perScenario.get(providers);
  if (!built) {
    const common = { maxRetries: policy.maxRetries, timeout: policy.attemptTimeoutMs };
    const primary = new ChatOpenAI({
      ...common,
      model: providers.openai.model,
      apiKey: providers.openai.apiKey,
      configuration: { baseURL: providers.openai.baseURL },
    });
    const fallback = new ChatOpenAI({
      ...common,
      model: providers.huggingface.model,
      apiKey: providers.huggingface.apiKey,
      configuration: { baseURL: providers.huggingface.baseURL },
    });
    built = primary.withFallbacks([fallback]) as unknown as Chain;
    perScenario.set(providers, built);
  }
  return built;
}

type Request = Parameters<Parameters<typeof defineSystem>[0]['chat']>[0];

function messages(request: Request): BaseMessageLike[] {
  return request.messages.map((m) => ({ role: m.role, content: m.content ?? '' }) as BaseMessageLike);
}

/** withFallbacks does not say which model answered; the answer's model name does. */
function servedBy(model: unknown, context: SystemCallContext): string | undefined {
  if (typeof model !== 'string') return undefined;
  return context.order.find((name) => model.startsWith(context.providers[name]?.model ?? '\u0000'));
}

function options(request: Request, context: SystemCallContext) {
  return {
    signal: AbortSignal.any([context.signal, AbortSignal.timeout(context.policy.deadlineMs)]),
    ...(typeof request.max_tokens === 'number' ? { max_tokens: request.max_tokens } : {}),
  };
}

export default defineSystem({
  name: 'langchain-fallbacks',
  description:
    '@langchain/openai ChatOpenAI (maxRetries, timeout) .withFallbacks([ChatOpenAI → Hugging Face router])',
  http: 'fetch',
  versions: {
    '@langchain/openai': version('@langchain/openai'),
    '@langchain/core': version('@langchain/core'),
  },
  async chat(request, context) {
    const answer = await chain(context).invoke(messages(request), options(request, context));
    const meta = answer.response_metadata as { model_name?: string; finish_reason?: string };
    const provider = servedBy(meta.model_name, context);
    if (provider) context.reportRoute({ provider });
    return toChatCompletion({
      text: typeof answer.content === 'string' ? answer.content : JSON.stringify(answer.content),
      model: meta.model_name ?? 'unknown',
      id: answer.id,
      finishReason: meta.finish_reason,
      usage: {
        promptTokens: answer.usage_metadata?.input_tokens,
        completionTokens: answer.usage_metadata?.output_tokens,
      },
    });
  },
  async *stream(request, context) {
    const stream = await chain(context).stream(messages(request), options(request, context));
    const id = `chatcmpl-${crypto.randomUUID()}`;
    for await (const chunk of stream) {
      const meta = chunk.response_metadata as { model_name?: string; finish_reason?: string };
      const provider = servedBy(meta.model_name, context);
      if (provider) context.reportRoute({ provider });
      const model = meta.model_name ?? 'unknown';
      if (typeof chunk.content === 'string' && chunk.content !== '')
        yield toChatChunk({ id, model, text: chunk.content });
      if (meta.finish_reason) yield toChatChunk({ id, model, finishReason: meta.finish_reason });
    }
  },
});
