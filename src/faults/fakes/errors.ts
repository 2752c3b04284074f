import type { ProviderRequest } from '../request.ts';
import type { Answer } from './answer.ts';
import { type AnswerContext, baseHeaders } from './headers.ts';

/** An error answer with the dialect's headers (`x-request-id`, ...), plus any extra headers. */
export function errorAnswer(
  request: ProviderRequest,
  ctx: AnswerContext,
  status: number,
  json: unknown,
  headers: Record<string, string> = {},
): Answer {
  return { type: 'json', status, headers: { ...baseHeaders(request, ctx), ...headers }, json };
}

/** Hugging Face's two error shapes: `{ error: "..." }` and `{ error: { message, ... } }`. */
export function hfError(message: string, shape: 'string' | 'object', type = 'server_error'): unknown {
  return shape === 'string' ? { error: message } : { error: { message, type } };
}
