import { classifyHttpError, classifyThrown, parseErrorBody } from '../classify.ts';
import { drainAfterDone } from '../drain.ts';
import { assertHasContent, ContentGate } from '../empty-answer.ts';
import { ProviderError } from '../errors.ts';
import {
  type NormalizeContext,
  newCompletionId,
  normalizeChunkInPlace,
  normalizeCompletionInPlace,
} from '../normalize.ts';
import { keepRawText } from '../raw-text.ts';
import { ABORT_HANDLE, abortHandleOf } from '../signals.ts';
import { SseDecoder } from '../sse.ts';
import type { TransportRequest, TransportResponse } from '../transport/transport.ts';
import type { ChatCompletion, ChatCompletionChunk, ChatRequest } from '../types.ts';
import type { Provider, ProviderCallContext } from './provider.ts';

export interface OpenAICompatibleOptions {
  /** The provider's name in routes, events, faults and reports. */
  name: string;
  /** e.g. `http://localhost:8000/v1` for vLLM, `http://localhost:11434/v1` for Ollama. */
  baseURL: string;
  apiKey?: string;
  model: string;
  /** Extra headers sent on every request (e.g. `OpenAI-Organization`). */
  headers?: Record<string, string>;
}

/**
 * Any server that speaks OpenAI's chat completions API: vLLM, TGI, Ollama, LiteLLM...
 *
 * @example
 * openaiCompatible({ name: 'vllm', baseURL: 'http://localhost:8000/v1', model: 'meta-llama/Llama-3.1-8B-Instruct' })
 */
export function openaiCompatible(options: OpenAICompatibleOptions): Provider {
  const baseURL = options.baseURL.replace(/\/+$/, '');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    ...options.headers,
  };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const streamHeaders = { ...headers, accept: 'text/event-stream' };
  const { name, model } = options;

  async function send(ctx: ProviderCallContext, path: string, body: object | undefined, stream: boolean) {
    // Encoded before the wire: an encoding failure is ours, never the provider's (the router's
    // entry check refuses such a request first).
    const encoded = body === undefined ? undefined : JSON.stringify(body);
    let response: TransportResponse;
    try {
      const request: TransportRequest = {
        url: baseURL + path,
        method: body === undefined ? 'GET' : 'POST',
        headers: stream ? streamHeaders : headers,
        // Read lazily: a transport that takes the handle never makes the AbortSignal.
        get signal() {
          return ctx.signal;
        },
        [ABORT_HANDLE]: abortHandleOf(ctx),
      };
      if (encoded !== undefined) request.body = encoded;
      response = await ctx.transport.request(request);
    } catch (error) {
      throw classifyThrown(name, error);
    }
    if (response.status >= 200 && response.status < 300) return response;
    const text = await response.text().catch(() => '');
    throw classifyHttpError(name, response.status, response.header, parseErrorBody(text));
  }

  function expectContentType(response: TransportResponse, expected: string): void {
    const type = response.header('content-type') ?? '';
    if (!type.includes(expected)) {
      void response.discard();
      throw new ProviderError(
        'malformed',
        `${name} answered with content-type "${type}", expected ${expected}`,
        {
          provider: name,
          status: response.status,
          detail: 'wrong-content-type',
        },
      );
    }
  }

  return {
    name,
    model,

    async complete(request: ChatRequest, ctx: ProviderCallContext): Promise<ChatCompletion> {
      const response = await send(ctx, '/chat/completions', { ...request, model, stream: false }, false);
      expectContentType(response, 'json');
      let raw: unknown;
      let text: string;
      try {
        text = await response.text();
        raw = JSON.parse(text);
      } catch (error) {
        throw classifyThrown(name, error);
      }
      const changed = normalizeCompletionInPlace(raw, { provider: name, model });
      const completion = assertHasContent(raw as ChatCompletion, name);
      if (!changed) keepRawText(completion, text);
      return completion;
    },

    stream(request: ChatRequest, ctx: ProviderCallContext): AsyncGenerator<ChatCompletionChunk> {
      return chunks(request, ctx);
    },

    async probe(ctx: ProviderCallContext): Promise<void> {
      const response = await send(ctx, '/models', undefined, false);
      await response.discard();
    },
  };

  /** One event's chunk: parsed, refused if it is an error event, normalized and validated. */
  function parseChunk(data: string, context: NormalizeContext): ChatCompletionChunk {
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch (error) {
      throw classifyThrown(name, error);
    }
    if (typeof raw === 'object' && raw !== null && 'error' in raw) {
      // An error event inside a 200 stream (OpenAI sends these when a generation fails).
      throw new ProviderError('stream-interrupted', `${name} sent an error event mid-stream`, {
        provider: name,
        detail: 'error-event',
        cause: raw,
      });
    }
    // A multi-line event's data holds newlines: it cannot go out as one `data:` line.
    if (!normalizeChunkInPlace(raw, context) && !data.includes('\n')) keepRawText(raw as object, data);
    return raw as ChatCompletionChunk;
  }

  async function* chunks(
    request: ChatRequest,
    ctx: ProviderCallContext,
  ): AsyncGenerator<ChatCompletionChunk> {
    const response = await send(ctx, '/chat/completions', { ...request, model, stream: true }, true);
    expectContentType(response, 'text/event-stream');
    // One id for every chunk that lacks its own, made only if one does.
    let id: string | undefined;
    const context = {
      provider: name,
      model,
      get id() {
        id ??= newCompletionId();
        return id;
      },
    };
    const body = response.body[Symbol.asyncIterator]();
    const decoder = new SseDecoder();
    const gate = new ContentGate(name);
    // Set at [DONE]: the answer is whole, so the rest of the body is drained and the connection kept.
    let complete = false;
    try {
      // Every event a read completes is handled in this loop: no promise per event.
      for (let ended = false; !ended && !complete; ) {
        let events: Array<{ data: string }>;
        try {
          const read = await body.next();
          ended = read.done === true;
          events = ended ? decoder.end() : decoder.feed(read.value as Uint8Array);
        } catch (error) {
          // Only the read is the wire's: a normalizer error below stays ours.
          throw classifyThrown(name, error, 'stream-interrupted');
        }
        for (const { data } of events) {
          if (data === '[DONE]') {
            complete = true;
            break;
          }
          const chunk = parseChunk(data, context);
          if (gate.flowing) yield chunk;
          else {
            const released = gate.hold(chunk);
            if (released) for (const held of released) yield held;
          }
        }
      }
      // Ended before any content or finish: hand over what came (the router judges the missing finish).
      for (const held of gate.rest()) yield held;
    } finally {
      const { abort } = response;
      if (complete && abort) await drainAfterDone(body, abort);
      else
        try {
          // A break or an early stop: tear the body (and its socket) down now.
          await body.return?.(undefined);
        } catch {
          // The body is being torn down already.
        }
    }
  }
}
