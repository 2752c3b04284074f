/** `http-error`: a 5xx with the provider's real error body and headers (and `retry-after` if set). */

import type * as z from 'zod';
import { errorAnswer, hfError } from '../fakes/errors.ts';
import { fixtureJson } from '../fakes/fixtures.ts';
import { int } from '../fields.ts';
import { defineKind, kindSchema } from './types.ts';

const schema = kindSchema('http-error', {
  status: int(
    500,
    599,
    '',
    'must be a 5xx status in the range [500, 599] (429 is kind "rate-limit", 401/403 kind "auth", 404 kind "model-missing")',
  ).default(503),
  /** Send `retry-after` (seconds) with the 5xx, as overloaded providers and proxies do. */
  retryAfterS: int(0, 86_400, ' (seconds)').optional(),
});

/** A validated `http-error` fault, defaults applied. */
export type HttpErrorFault = z.output<typeof schema>;

const OPENAI_FIXTURES: Record<number, string> = {
  500: 'openai/errors/500-server-error.json',
  502: 'openai/errors/502-bad-gateway.json',
  503: 'openai/errors/503-overloaded.json',
  504: 'openai/errors/504-timeout.json',
};

const HF_MESSAGES: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const httpError = defineKind({
  schema,
  variants: ['http-error'],
  variant: () => 'http-error',
  action(fault, ctx) {
    const { request } = ctx;
    let body: unknown;
    if (request.dialect === 'openai') {
      body = fixtureJson(OPENAI_FIXTURES[fault.status] ?? OPENAI_FIXTURES[500]!);
    } else if (request.dialect === 'hf-hub') {
      body = { error: "Internal Error - We're working hard to fix this as soon as possible!" };
    } else {
      // The router answers 500 in the object shape (fixture); gateway errors come as plain strings.
      body =
        fault.status === 500
          ? fixtureJson('huggingface/errors/500-server-error.json')
          : hfError(HF_MESSAGES[fault.status] ?? 'Server Error', 'string');
    }
    const headers: Record<string, string> =
      fault.retryAfterS === undefined ? {} : { 'retry-after': String(fault.retryAfterS) };
    return ctx.render(errorAnswer(request, ctx, fault.status, body, headers));
  },
});
