/** `model-loading`: Hugging Face's 503 `{ error, estimated_time }` for a cold model. */
import type * as z from 'zod';
import { errorAnswer } from '../fakes/errors.ts';
import { fixtureJson } from '../fakes/fixtures.ts';
import { num } from '../fields.ts';
import { defineKind, kindSchema } from './types.ts';

const schema = kindSchema('model-loading', {
  estimatedTimeS: num(0, 86_400).default(20),
});

/** A validated `model-loading` fault, defaults applied. */
export type ModelLoadingFault = z.output<typeof schema>;

export const modelLoading = defineKind({
  schema,
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
