import { formatDuration } from '../duration.ts';
import { hexId } from '../random.ts';
import type { ProviderRequest } from '../request.ts';

/** Per-request facts a fake provider needs to answer deterministically. */
export interface AnswerContext {
  seed: number;
  /** 1-based count of requests to this provider since the start or last reset. */
  requestNumber: number;
  /**
   * The correlation echo to write into a chat answer's text (`[brownout:<key>@<provider>#<seq>]`),
   * present only when the request carried a key.
   */
  echo?: string;
}

export const JSON_TYPE = 'application/json';
export const SSE_TYPE = 'text/event-stream; charset=utf-8';

/** The request limit the fake OpenAI advertises in `x-ratelimit-limit-requests`. */
export const REQUEST_LIMIT = 500;
const TOKEN_LIMIT = 200_000;

/** The deterministic request id of the n-th request to a provider (hex, 32 digits). */
function requestId(request: ProviderRequest, ctx: AnswerContext): string {
  return hexId(`${ctx.seed}:${request.provider}:${ctx.requestNumber}`, 32);
}

/**
 * The headers of a healthy OpenAI chat answer: {@link baseHeaders} then the healthy
 * {@link rateLimitHeaders}, in that order, built as one object (this runs on every request).
 */
export function openaiChatHeaders(
  request: ProviderRequest,
  ctx: AnswerContext,
  contentType: string,
): Record<string, string> {
  const limits = healthyLimitsOf(ctx);
  return {
    'content-type': contentType,
    'x-request-id': `req_${requestId(request, ctx)}`,
    'openai-version': '2020-10-01',
    'openai-processing-ms': String(120 + (ctx.requestNumber % 300)),
    'x-ratelimit-limit-requests': limits['x-ratelimit-limit-requests'] as string,
    'x-ratelimit-limit-tokens': limits['x-ratelimit-limit-tokens'] as string,
    'x-ratelimit-remaining-requests': limits['x-ratelimit-remaining-requests'] as string,
    'x-ratelimit-remaining-tokens': limits['x-ratelimit-remaining-tokens'] as string,
    'x-ratelimit-reset-requests': limits['x-ratelimit-reset-requests'] as string,
    'x-ratelimit-reset-tokens': limits['x-ratelimit-reset-tokens'] as string,
  };
}

/** The headers every answer of a dialect carries, with its deterministic request id. */
export function baseHeaders(
  request: ProviderRequest,
  ctx: AnswerContext,
  contentType: string = JSON_TYPE,
): Record<string, string> {
  const id = requestId(request, ctx);
  switch (request.dialect) {
    case 'openai':
      return {
        'content-type': contentType,
        'x-request-id': `req_${id}`,
        'openai-version': '2020-10-01',
        'openai-processing-ms': String(120 + (ctx.requestNumber % 300)),
      };
    case 'hf-router':
      return {
        'content-type': contentType,
        'x-request-id': `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`,
      };
    case 'hf-hub':
      return {
        'content-type': `${JSON_TYPE}; charset=utf-8`,
        'x-request-id': `Root=1-${id.slice(0, 8)}-${id.slice(8)}`,
      };
  }
}

/**
 * OpenAI's `x-ratelimit-*` headers. Healthy answers count the remaining requests down; a 429
 * passes `remaining: 0` and the reset it announces.
 */
export function rateLimitHeaders(
  ctx: AnswerContext,
  over?: { resetMs: number; reason: 'requests' | 'tokens' | 'quota' },
): Record<string, string> {
  if (over) return limitHeaders((ctx.requestNumber - 1) % REQUEST_LIMIT, over);
  return { ...healthyLimitsOf(ctx) };
}

/** The healthy `x-ratelimit-*` values of a request, shared: callers copy what they keep. */
function healthyLimitsOf(ctx: AnswerContext): Readonly<Record<string, string>> {
  const used = (ctx.requestNumber - 1) % REQUEST_LIMIT;
  // Healthy answers cycle through REQUEST_LIMIT sets of values: format each once.
  let healthy = healthyLimits[used];
  if (!healthy) {
    healthy = limitHeaders(used);
    healthyLimits[used] = healthy;
  }
  return healthy;
}

/** Healthy `x-ratelimit-*` headers by requests used, formatted once. */
const healthyLimits: Array<Record<string, string> | undefined> = [];

function limitHeaders(
  used: number,
  over?: { resetMs: number; reason: 'requests' | 'tokens' | 'quota' },
): Record<string, string> {
  const remainingRequests = over?.reason === 'requests' ? 0 : REQUEST_LIMIT - used - 1;
  const remainingTokens = over?.reason === 'tokens' ? 0 : TOKEN_LIMIT - ((used * 37) % TOKEN_LIMIT);
  return {
    'x-ratelimit-limit-requests': String(REQUEST_LIMIT),
    'x-ratelimit-limit-tokens': String(TOKEN_LIMIT),
    'x-ratelimit-remaining-requests': String(remainingRequests),
    'x-ratelimit-remaining-tokens': String(remainingTokens),
    'x-ratelimit-reset-requests': formatDuration(
      over?.reason === 'requests' ? over.resetMs : 120 * (used + 1),
    ),
    'x-ratelimit-reset-tokens': formatDuration(over?.reason === 'tokens' ? over.resetMs : 360_000),
  };
}
