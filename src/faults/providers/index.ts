import type { ProviderRequest } from '../request.ts';
import type { Answer } from './answer.ts';
import type { AnswerContext } from './headers.ts';
import { huggingfaceAnswer } from './huggingface.ts';
import { openaiAnswer } from './openai.ts';

export type { Answer } from './answer.ts';
export type { AnswerContext } from './headers.ts';

/** The healthy answer of the fake provider a request is for (OpenAI-compatible unless Hugging Face). */
export function healthyAnswer(request: ProviderRequest, ctx: AnswerContext): Answer {
  return request.dialect === 'openai' ? openaiAnswer(request, ctx) : huggingfaceAnswer(request, ctx);
}
