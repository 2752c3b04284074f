/**
 * `rate-limit`: 429 with `retry-after` (seconds), optionally `retry-after-ms`, and OpenAI's
 * `x-ratelimit-*` headers at zero. `storm` keeps answering 429 to every request for a window once
 * it fires, whatever the client's Retry-After says. `reason: quota` is the non-transient kind
 * (`insufficient_quota`, no Retry-After): waiting does not help, failing over does.
 */
import * as z from 'zod';
import { formatDuration } from '../duration.ts';
import { errorAnswer } from '../fakes/errors.ts';
import { fixtureJson } from '../fakes/fixtures.ts';
import { rateLimitHeaders } from '../fakes/headers.ts';
import { int, ms, oneOf } from '../fields.ts';
import type { ProviderRequest } from '../request.ts';
import { defineKind, kindSchema } from './types.ts';

const schema = kindSchema('rate-limit', {
  retryAfterS: int(0, 86_400, ' (seconds)').optional(),
  retryAfterMs: ms().optional(),
  reason: oneOf(['requests', 'tokens', 'quota'] as const).default('requests'),
  storm: z.strictObject({ durationMs: ms(1) }).optional(),
});

/** A validated `rate-limit` fault, defaults applied. */
export type RateLimitFault = z.output<typeof schema>;

function openaiBody(request: ProviderRequest, reason: 'requests' | 'tokens', resetMs: number): unknown {
  const body = fixtureJson<{ error: { message: string; type: string } }>('openai/errors/429-rate-limit.json');
  const model = request.model ?? 'gpt-4o-mini';
  const per =
    reason === 'requests'
      ? 'requests per min (RPM): Limit 500, Used 500'
      : 'tokens per min (TPM): Limit 200000, Used 200000';
  body.error.message = `Rate limit reached for ${model} in organization org-brownout on ${per}, Requested 1. Please try again in ${formatDuration(resetMs)}. Visit https://platform.openai.com/account/rate-limits to learn more.`;
  body.error.type = reason;
  return body;
}

function hfBody(
  request: ProviderRequest,
  reason: 'requests' | 'tokens' | 'quota',
  retryAfterS: number,
): unknown {
  if (reason === 'quota') return fixtureJson('huggingface/errors/429-rate-limit.json');
  if (request.dialect === 'hf-hub') {
    return {
      error: `You have been rate-limited; you can retry this action in about ${retryAfterS} seconds.`,
    };
  }
  return { error: 'Rate limit reached. Please retry later.' };
}

export const rateLimit = defineKind({
  schema,
  variants: ['rate-limit'],
  variant: () => 'rate-limit',
  latchMs: (fault) => fault.storm?.durationMs,
  action(fault, ctx) {
    const { request } = ctx;
    const retryAfterS =
      fault.retryAfterS ?? (fault.retryAfterMs !== undefined ? Math.ceil(fault.retryAfterMs / 1000) : 1);
    const resetMs = fault.retryAfterMs ?? retryAfterS * 1000;
    const headers: Record<string, string> = {};
    if (fault.reason !== 'quota') {
      headers['retry-after'] = String(retryAfterS);
      if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
    }
    let body: unknown;
    if (request.dialect === 'openai') {
      Object.assign(headers, rateLimitHeaders(ctx, { resetMs, reason: fault.reason }));
      body =
        fault.reason === 'quota'
          ? fixtureJson('openai/errors/429-insufficient-quota.json')
          : openaiBody(request, fault.reason, resetMs);
    } else {
      body = hfBody(request, fault.reason, retryAfterS);
    }
    return ctx.render(errorAnswer(request, ctx, 429, body, headers));
  },
});
