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

/** The headers every answer of a dialect carries, with its deterministic request id. */
export function baseHeaders(
  request: ProviderRequest,
  ctx: AnswerContext,
  contentType: string = JSON_TYPE,
): Record<string, string> {
  const id = hexId(`${ctx.seed}:${request.provider}:${ctx.requestNumber}`, 32);
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
  const used = (ctx.requestNumber - 1) % REQUEST_LIMIT;
  // Healthy answers cycle through REQUEST_LIMIT sets of values: format each once, hand out copies.
  if (over) return limitHeaders(used, over);
  let healthy = healthyLimits[used];
  if (!healthy) {
    healthy = limitHeaders(used);
    healthyLimits[used] = healthy;
  }
  return { ...healthy };
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
