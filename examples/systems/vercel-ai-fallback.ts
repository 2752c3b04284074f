/**
 * The Vercel AI SDK (`ai` 6) with OpenAI as the primary and Hugging Face's router as the fallback:
 * `generateText` / `streamText` with the SDK's own retries and timeouts, and a hand-written
 * fallback (the SDK has none built in).
 *
 *   npx brownout run --system examples/systems/vercel-ai-fallback.ts
 *
 * Hugging Face is reached with `@ai-sdk/openai-compatible` pointed at the router's
 * OpenAI-compatible chat API (`https://router.huggingface.co/v1`). `@ai-sdk/huggingface` 1.x exists
 * and runs on Node 20, but it speaks only the Responses API (`POST /v1/responses`), which brownout's
 * fake Hugging Face router does not serve. OpenAI is used through `openai.chat(...)` (the chat
 * completions API) for the same reason: `openai(...)` defaults to the Responses API in `@ai-sdk/openai` 3.
 */

import { createRequire } from 'node:module';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, type LanguageModel, type ModelMessage, streamText } from 'ai';
import { defineSystem, type SystemCallContext, toChatChunk, toChatCompletion } from 'brownout';

const version = (name: string) =>
  (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;

interface Models {
  openai: LanguageModel;
  huggingface: LanguageModel;
}

const perScenario = new WeakMap<object, Models>();

function models({ providers }: SystemCallContext): Models {
  let built = perScenario.get(providers);
  if (!built) {
    built = {
      openai: createOpenAI({ baseURL: providers.openai.baseURL, apiKey: providers.openai.apiKey }).chat(
        providers.openai.model,
      ),
      huggingface: createOpenAICompatible({
        name: 'huggingface',
        baseURL: providers.huggingface.baseURL,
        apiKey: providers.huggingface.apiKey,
        includeUsage: true,
      }).chatModel(providers.huggingface.model),
    };
    perScenario.set(providers, built);
  }
  return built;
}

type Request = Parameters<Parameters<typeof defineSystem>[0]['chat']>[0];

/** The SDK's call settings for one request: retries and timeouts from the scenario's budget. */
function settings(request: Request, context: SystemCallContext) {
  return {
    messages: request.messages as ModelMessage[],
    // A chat app forwards its users' conversations, system turn included.
    allowSystemInMessages: true,
    ...(typeof request.max_tokens === 'number' ? { maxOutputTokens: request.max_tokens } : {}),
    ...(typeof request.temperature === 'number' ? { temperature: request.temperature } : {}),
    ...(typeof request.top_p === 'number' ? { topP: request.top_p } : {}),
    maxRetries: context.policy.maxRetries,
    abortSignal: AbortSignal.any([context.signal, AbortSignal.timeout(context.policy.deadlineMs)]),
  };
}

export default defineSystem({
  name: 'vercel-ai-fallback',
  description:
    'ai (generateText/streamText, maxRetries, timeout) with a hand-written fallback to the Hugging Face router',
  http: 'fetch',
  versions: {
    ai: version('ai'),
    '@ai-sdk/openai': version('@ai-sdk/openai'),
    '@ai-sdk/openai-compatible': version('@ai-sdk/openai-compatible'),
  },
  async chat(request, context) {
    const started = performance.now();
    const chain = models(context);
    for (const name of ['openai', 'huggingface'] as const) {
      try {
        if (name === 'huggingface') context.reportRoute({ failoverMs: performance.now() - started });
        const result = await generateText({
          ...settings(request, context),
          model: chain[name],
          timeout: { stepMs: context.policy.attemptTimeoutMs },
        });
        context.reportRoute({ provider: name });
        return toChatCompletion({
          text: result.text,
          model: result.response.modelId,
          id: result.response.id,
          finishReason: result.finishReason,
          usage: { promptTokens: result.usage.inputTokens, completionTokens: result.usage.outputTokens },
        });
      } catch (error) {
        if (context.signal.aborted || name === 'huggingface') throw error;
      }
    }
    throw new Error('unreachable');
  },
  async *stream(request, context) {
    const started = performance.now();
    const chain = models(context);
    for (const name of ['openai', 'huggingface'] as const) {
      if (name === 'huggingface') context.reportRoute({ failoverMs: performance.now() - started });
      const result = streamText({
        ...settings(request, context),
        model: chain[name],
        timeout: { stepMs: context.policy.deadlineMs, chunkMs: context.policy.attemptTimeoutMs },
        // Errors arrive as 'error' parts below; this keeps the SDK from also logging them.
        onError: () => {},
      });
      let sent = 0;
      const id = `chatcmpl-${crypto.randomUUID()}`;
      let model = context.providers[name].model;
      for await (const part of result.fullStream) {
        if (part.type === 'error' || part.type === 'abort') {
          const error =
            part.type === 'error'
              ? part.error
              : Object.assign(new Error('the stream was aborted (a timeout or the caller)'), {
                  name: 'AbortError',
                });
          // Fall back only before the first chunk; after it the caller already has text.
          if (sent > 0 || context.signal.aborted || name === 'huggingface') throw error;
          break;
        }
        if (part.type === 'start-step' || part.type === 'finish-step') {
          if (part.type === 'finish-step') model = part.response.modelId;
          continue;
        }
        if (part.type === 'text-delta') {
          if (sent === 0) context.reportRoute({ provider: name });
          sent++;
          yield toChatChunk({ id, model, text: part.text });
        }
        if (part.type === 'finish') {
          context.reportRoute({ provider: name });
          yield toChatChunk({ id, model, finishReason: part.finishReason });
          return;
        }
      }
      if (sent > 0) return;
    }
  },
});
