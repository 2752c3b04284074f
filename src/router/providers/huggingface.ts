import { InferenceClient } from '@huggingface/inference';
import { classifyHttpError, classifyThrown } from '../classify.ts';
import { assertHasContent, holdUntilContent } from '../empty-answer.ts';
import { ProviderError } from '../errors.ts';
import { newCompletionId, normalizeChunk, normalizeCompletion } from '../normalize.ts';
import type { ChatCompletion, ChatCompletionChunk, ChatRequest } from '../types.ts';
import { HubRepoCheck } from './hub-repo-check.ts';
import type { Provider, ProviderCallContext } from './provider.ts';

export interface HuggingFaceOptions {
  accessToken?: string;
  /** A hub repo id, e.g. `openai/gpt-oss-20b`. */
  model: string;
  /** An inference provider (`together`, `hf-inference`, ...); default: Hugging Face's router picks. */
  provider?: string;
  /** A dedicated endpoint or TGI server: completions go to `${endpointUrl}/v1/chat/completions`. */
  endpointUrl?: string;
  /** Replaces `https://huggingface.co` for the model-repo check. */
  hubUrl?: string;
  /** Cache the repo check this long (default 5 minutes); `false` turns the check off. */
  repoCheck?: { ttlMs?: number; missingTtlMs?: number } | false;
  /** The provider's name in routes and reports (default `huggingface`). */
  name?: string;
}

/**
 * Hugging Face through the official `@huggingface/inference` client, with its answers
 * normalized to OpenAI's schema. The client's own 503 retry is switched off
 * (`retry_on_error: false`: it otherwise retries forever, FACTS.md); the router owns retries.
 *
 * @example
 * huggingface({ accessToken: process.env.HF_TOKEN, model: 'openai/gpt-oss-20b' })
 */
export function huggingface(options: HuggingFaceOptions): Provider {
  const name = options.name ?? 'huggingface';
  const { model } = options;
  const client = new InferenceClient(options.accessToken ?? '');
  const repoCheck =
    options.repoCheck === false
      ? undefined
      : new HubRepoCheck({
          provider: name,
          model,
          ...(options.accessToken ? { accessToken: options.accessToken } : {}),
          ...(options.hubUrl ? { hubUrl: options.hubUrl } : {}),
          ...options.repoCheck,
        });

  function args(request: ChatRequest) {
    const { model: _ignored, ...rest } = request;
    return {
      ...rest,
      model,
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
      ...(options.provider ? { provider: options.provider } : {}),
    } as Parameters<InferenceClient['chatCompletion']>[0];
  }

  // The client hides response headers; a fetch of our own keeps the last ones, for Retry-After.
  function callOptions(ctx: ProviderCallContext) {
    const seen: { headers?: Headers } = {};
    const fetchImpl: typeof fetch = async (input, init) => {
      let response: Response;
      try {
        response = await ctx.transport.fetch(input, { ...init, signal: ctx.signal });
      } catch (error) {
        // Classified here, at the wire: the client passes it through untouched.
        throw classifyThrown(name, error);
      }
      seen.headers = response.headers;
      return response;
    };
    return { seen, options: { fetch: fetchImpl, signal: ctx.signal, retry_on_error: false } };
  }

  function classify(error: unknown, seen: { headers?: Headers }): ProviderError {
    const http = (error as { httpResponse?: { status?: unknown; body?: unknown } }).httpResponse;
    if (error instanceof ProviderError) return error;
    if (http && typeof http.status === 'number' && http.status < 300) {
      return new ProviderError('stream-interrupted', `${name} sent an error event mid-stream`, {
        provider: name,
        detail: 'error-event',
        cause: http.body,
      });
    }
    if (http && typeof http.status === 'number') {
      const header = (key: string) => seen.headers?.get(key) ?? undefined;
      return classifyHttpError(name, http.status, header, http.body);
    }
    // The client's error classes set short runtime names (`ProviderOutputError`, `InputError`).
    const kind = (error as { name?: unknown }).name;
    if (kind === 'ProviderOutputError' || kind === 'InferenceClientProviderOutputError') {
      return new ProviderError('malformed', `${name} answered with an unexpected body`, {
        provider: name,
        detail: 'schema-drift',
        cause: error,
      });
    }
    if (kind === 'RoutingError' || kind === 'InferenceClientRoutingError') {
      // The client cannot route this model with these credentials (e.g. its auto-router without an
      // hf_ token): a configuration fault no retry fixes, though another provider may serve.
      return new ProviderError('auth', `${name}: ${(error as Error).message}`, {
        provider: name,
        detail: 'routing',
        cause: error,
      });
    }
    if (kind === 'InputError' || kind === 'InferenceClientInputError') {
      return new ProviderError('bad-request', `${name}: ${(error as Error).message}`, {
        provider: name,
        cause: error,
      });
    }
    return classifyThrown(name, error);
  }

  return {
    name,
    model,

    async complete(request: ChatRequest, ctx: ProviderCallContext): Promise<ChatCompletion> {
      await repoCheck?.assertPresent(ctx);
      const { seen, options: callOpts } = callOptions(ctx);
      let raw: unknown;
      try {
        raw = await client.chatCompletion(args(request), callOpts);
      } catch (error) {
        throw classify(error, seen);
      }
      return assertHasContent(normalizeCompletion(raw, { provider: name, model }), name);
    },

    stream(request: ChatRequest, ctx: ProviderCallContext): AsyncGenerator<ChatCompletionChunk> {
      return holdUntilContent(chunks(request, ctx), name);
    },

    async probe(ctx: ProviderCallContext): Promise<void> {
      if (repoCheck) return repoCheck.probe(ctx);
    },
  };

  async function* chunks(
    request: ChatRequest,
    ctx: ProviderCallContext,
  ): AsyncGenerator<ChatCompletionChunk> {
    await repoCheck?.assertPresent(ctx);
    const { seen, options: callOpts } = callOptions(ctx);
    const id = newCompletionId();
    const stream = client.chatCompletionStream(args(request), callOpts);
    try {
      for (;;) {
        let next: IteratorResult<unknown>;
        try {
          next = await stream.next();
        } catch (error) {
          if (error instanceof ProviderError) throw error;
          throw classify(error, seen);
        }
        if (next.done) return;
        // Outside the client's try: a normalizer error is ours, not the provider's.
        yield normalizeChunk(next.value, { provider: name, model, id });
      }
    } finally {
      try {
        await stream.return?.(undefined);
      } catch {
        // The body is being torn down already.
      }
    }
  }
}
