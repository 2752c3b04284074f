/**
 * `invalid-request`: the provider refuses this request, whoever sends it: 400
 * `context_length_exceeded` (the prompt is over the model's window) or 400
 * `content_policy_violation` (the safety system). OpenAI's real bodies; Hugging Face's router
 * (Text Generation Inference behind it) answers a window overflow with its validation error.
 * Retrying the same model cannot help; the reason must reach the caller.
 */
import { errorAnswer } from '../fakes/errors.ts';
import { fixtureJson } from '../fakes/fixtures.ts';
import { isChatCompletion } from '../request.ts';
import { defineKind } from './types.ts';

const TGI_CONTEXT = {
  error:
    'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 131072. Given: 131000 `inputs` tokens and 512 `max_new_tokens`',
  error_type: 'validation',
};

export const invalidRequest = defineKind({
  kind: 'invalid-request',
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
