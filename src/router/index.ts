export * from './errors.ts';
export type { RouterEvent, RouterEventListener } from './events.ts';
export { normalizeChunk, normalizeCompletion } from './normalize.ts';
export type { HedgeOptions, RetryOptions, RouterOptions } from './options.ts';
export type { BreakerOptions, BreakerState } from './policy/breaker.ts';
export type { ConcurrencyOptions } from './policy/concurrency.ts';
export { DEFAULT_ERROR_POLICY, type ErrorAction, type ErrorPolicy } from './policy/error-policy.ts';
export { type HuggingFaceOptions, huggingface } from './providers/huggingface.ts';
export { type OpenAIOptions, openai } from './providers/openai.ts';
export { type OpenAICompatibleOptions, openaiCompatible } from './providers/openai-compatible.ts';
export type { Provider, ProviderCallContext } from './providers/provider.ts';
export { parseDurationMs, parseRetryAfterMs } from './retry-after.ts';
export type { Route } from './route.ts';
export { type CallOptions, createRouter, type Router } from './router.ts';
export type { RouterStream } from './router-stream.ts';
export { validateChunk, validateCompletion } from './schema.ts';
export { fetchTransport } from './transport/fetch-transport.ts';
export type { Transport, TransportRequest, TransportResponse } from './transport/transport.ts';
export { type UndiciTransportOptions, undiciTransport } from './transport/undici-transport.ts';
export type { ChatCompletion, ChatCompletionChunk, ChatRequest } from './types.ts';
export {
  isRouterOptionsError,
  isRouterUsageError,
  RouterOptionsError,
  RouterUsageError,
} from './usage-errors.ts';
