import { isChatCompletion, type ProviderRequest } from '../request.ts';
import type { Answer } from './answer.ts';
import { errorAnswer } from './errors.ts';
import type { AnswerContext } from './headers.ts';

/** OpenAI's 400 body (the Hugging Face router, OpenAI-compatible, answers the same shape). */
function invalid(
  request: ProviderRequest,
  ctx: AnswerContext,
  param: string | null,
  message: string,
): Answer {
  return errorAnswer(request, ctx, 400, {
    error: { message, type: 'invalid_request_error', param, code: param === null ? null : 'invalid_type' },
  });
}

const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * The 400 a real chat completions API answers to a request it cannot read (not JSON, no
 * `messages`, a message that is not an object with a string `role`, a non-string `model`), or
 * undefined when the request is well-formed. The fakes answer these as the real APIs do rather
 * than fail with a 500 of their own.
 *
 * @example badChatRequest({ ...request, body: { messages: [null] } }, ctx)?.status // 400
 */
export function badChatRequest(request: ProviderRequest, ctx: AnswerContext): Answer | undefined {
  if (!isChatCompletion(request)) return undefined;
  const { body } = request;
  if (body === undefined || typeof body !== 'object' || Array.isArray(body)) {
    return invalid(
      request,
      ctx,
      null,
      'We could not parse the JSON body of your request. The body must be a JSON object.',
    );
  }
  if (body.model !== undefined && typeof body.model !== 'string') {
    return invalid(
      request,
      ctx,
      'model',
      `Invalid type for 'model': expected a string, but got ${kindOf(body.model)} instead.`,
    );
  }
  const { messages } = body;
  if (!Array.isArray(messages)) {
    return invalid(
      request,
      ctx,
      'messages',
      `Invalid type for 'messages': expected an array, but got ${kindOf(messages)} instead.`,
    );
  }
  if (messages.length === 0) {
    return invalid(
      request,
      ctx,
      'messages',
      "Invalid 'messages': empty array. Expected an array with minimum length 1.",
    );
  }
  for (const [i, message] of messages.entries()) {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return invalid(
        request,
        ctx,
        `messages[${i}]`,
        `Invalid type for 'messages[${i}]': expected an object, but got ${kindOf(message)} instead.`,
      );
    }
    if (typeof (message as { role?: unknown }).role !== 'string') {
      return invalid(
        request,
        ctx,
        `messages[${i}].role`,
        `Missing required parameter: 'messages[${i}].role'.`,
      );
    }
  }
  return undefined;
}
