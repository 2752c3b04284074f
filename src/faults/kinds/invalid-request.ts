/**
 * `invalid-request`: the provider refuses this request, whoever sends it: 400
 * `context_length_exceeded` (the prompt is over the model's window) or 400
 * `content_policy_violation` (the safety system). OpenAI's real bodies; Hugging Face's router
 * (Text Generation Inference behind it) answers a window overflow with its validation error.
 * Retrying the same model cannot help; the reason must reach the caller.
 */
import type * as z from 'zod';
import { errorAnswer } from '../fakes/errors.ts';
import { fixtureJson } from '../fakes/fixtures.ts';
import { oneOf } from '../fields.ts';
import { isChatCompletion } from '../request.ts';
import { defineKind, kindSchema } from './types.ts';

const schema = kindSchema('invalid-request', {
  reason: oneOf(['context-length', 'content-policy'] as const).default('context-length'),
});

/** A validated `invalid-request` fault, defaults applied. */
export type InvalidRequestFault = z.output<typeof schema>;

const TGI_CONTEXT = {
  error:
    'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 131072. Given: 131000 `inputs` tokens and 512 `max_new_tokens`',
  error_type: 'validation',
};

export const invalidRequest = defineKind({
  schema,
  variants: ['invalid-request:context-length', 'invalid-request:content-policy'],
  variant: (fault) => `invalid-request:${fault.reason}`,
  applies: (_fault, request) => isChatCompletion(request),
  action(fault, ctx) {
    const { request } = ctx;
    const openaiBody =
      fault.reason === 'context-length'
        ? fixtureJson('openai/errors/400-context-length-exceeded.json')
        : fixtureJson('openai/errors/400-content-policy-violation.json');
    const body =
      request.dialect === 'hf-router' && fault.reason === 'context-length' ? TGI_CONTEXT : openaiBody;
    return ctx.render(errorAnswer(request, ctx, 400, body));
  },
});
