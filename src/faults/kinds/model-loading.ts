/** `model-loading`: Hugging Face's 503 `{ error, estimated_time }` for a cold model. */
import { errorAnswer } from '../fakes/errors.ts';
import { fixtureJson } from '../fakes/fixtures.ts';
import { defineKind } from './types.ts';

export const modelLoading = defineKind({
  kind: 'model-loading',
  variants: ['model-loading'],
  variant: () => 'model-loading',
  action(fault, ctx) {
    const body = fixtureJson<{ error: string; estimated_time: number }>(
      'huggingface/errors/503-model-loading.json',
    );
    body.error = `Model ${ctx.request.model ?? 'openai/gpt-oss-20b'} is currently loading`;
    body.estimated_time = fault.estimatedTimeS;
    return ctx.render(errorAnswer(ctx.request, ctx, 503, body));
  },
});
