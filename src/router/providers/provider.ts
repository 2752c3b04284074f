import type { Transport } from '../transport/transport.ts';
import type { ChatCompletion, ChatCompletionChunk, ChatRequest } from '../types.ts';

/** What a provider gets for one attempt: the router owns the signal (timeouts, deadline, abort). */
export interface ProviderCallContext {
  signal: AbortSignal;
  transport: Transport;
}

/**
 * A model behind an API. Every method either returns output already normalized to the
 * official OpenAI schema, or throws a classified `ProviderError`.
 */
export interface Provider {
  readonly name: string;
  readonly model: string;
  /** A non-streaming chat completion. */
  complete(request: ChatRequest, ctx: ProviderCallContext): Promise<ChatCompletion>;
  /** A streaming chat completion, chunk by chunk. */
  stream(request: ChatRequest, ctx: ProviderCallContext): AsyncIterable<ChatCompletionChunk>;
  /** A cheap health check (no tokens spent): used by the breaker's half-open probe and the monitor. */
  probe(ctx: ProviderCallContext): Promise<void>;
}
