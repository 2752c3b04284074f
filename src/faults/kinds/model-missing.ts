/**
 * `model-missing`: the model or repo does not exist. Hub model info answers 404
 * `{"error":"Repository not found"}` (with `x-error-code: RepoNotFound`); HF inference answers 404
 * in either HF error shape; OpenAI answers 404 `model_not_found`.
 * Mode `not-supported` (chat only): the model vanished from the Hugging Face router's provider
 * mapping, and the router answers **400** ("is not supported by any provider you have enabled";
 * `shape: string`: "Model not supported by provider together"): missing, though the status says
 * bad request; only the body tells.
 */
import type * as z from 'zod';
import { errorAnswer } from '../fakes/errors.ts';
import { fixtureJson } from '../fakes/fixtures.ts';
import { oneOf } from '../fields.ts';
import { isChatCompletion } from '../request.ts';
import { defineKind, kindSchema } from './types.ts';

const schema = kindSchema('model-missing', {
  /** `not-found` (when absent): 404; `not-supported`: the HF router's 400 "not supported by any provider". */
  mode: oneOf(['not-found', 'not-supported'] as const).optional(),
  shape: oneOf(['object', 'string'] as const).default('object'),
});

/** A validated `model-missing` fault, defaults applied. */
export type ModelMissingFault = z.output<typeof schema>;

export const modelMissing = defineKind({
  schema,
  variants: ['model-missing', 'model-missing:not-supported'],
  variant: (fault) => (fault.mode === 'not-supported' ? 'model-missing:not-supported' : 'model-missing'),
  applies: (fault, request) => fault.mode !== 'not-supported' || isChatCompletion(request),
  action(fault, ctx) {
    const { request } = ctx;
    const model = request.model ?? (request.dialect === 'openai' ? 'gpt-4o-mini' : 'openai/gpt-oss-20b');
    if (fault.mode === 'not-supported') {
      if (fault.shape === 'string')
        return ctx.render(
          errorAnswer(request, ctx, 400, fixtureJson('huggingface/errors/router-400-not-supported.json')),
        );
      const body = fixtureJson<{ error: { message: string } }>(
        'huggingface/errors/router-400-model-not-supported.json',
      );
      body.error.message = `The requested model '${model}' is not supported by any provider you have enabled.`;
      return ctx.render(errorAnswer(request, ctx, 400, body));
    }
    if (request.dialect === 'hf-hub') {
      return ctx.render(
        errorAnswer(request, ctx, 404, fixtureJson('huggingface/errors/hub-404-repo-not-found.json'), {
          'x-error-code': 'RepoNotFound',
          'x-error-message': 'Repository not found',
        }),
      );
    }
    if (request.dialect === 'hf-router') {
      const body =
        fault.shape === 'object'
          ? fixtureJson<{ error: { message: string } }>('huggingface/errors/router-404-model-not-found.json')
          : { error: `Model ${model} does not exist` };
      if (fault.shape === 'object')
        (body as { error: { message: string } }).error.message =
          `The requested model '${model}' does not exist`;
      return ctx.render(errorAnswer(request, ctx, 404, body));
    }
    const body = fixtureJson<{ error: { message: string } }>('openai/errors/404-model-not-found.json');
    body.error.message = `The model \`${model}\` does not exist or you do not have access to it.`;
    return ctx.render(errorAnswer(request, ctx, 404, body));
  },
});
