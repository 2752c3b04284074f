/**
 * `model-missing`: the model or repo does not exist. Hub model info answers 404
 * `{"error":"Repository not found"}` (with `x-error-code: RepoNotFound`); HF inference answers 404
 * in either HF error shape; OpenAI answers 404 `model_not_found`.
 */
import { errorAnswer } from '../providers/errors.ts';
import { fixtureJson } from '../providers/fixtures.ts';
import { defineKind } from './types.ts';

export const modelMissing = defineKind({
  kind: 'model-missing',
  variants: ['model-missing'],
  variant: () => 'model-missing',
  action(fault, ctx) {
    const { request } = ctx;
    const model = request.model ?? (request.dialect === 'openai' ? 'gpt-4o-mini' : 'openai/gpt-oss-20b');
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
