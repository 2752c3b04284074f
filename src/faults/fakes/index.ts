import type { ProviderRequest } from '../request.ts';
import type { Answer } from './answer.ts';
import { badChatRequest } from './bad-request.ts';
import type { AnswerContext } from './headers.ts';
import { huggingfaceAnswer } from './huggingface.ts';
import { openaiAnswer } from './openai.ts';

export type { Answer } from './answer.ts';
export type { AnswerContext } from './headers.ts';

/** The healthy answer of the fake provider a request is for (OpenAI-compatible unless Hugging Face). */
export function healthyAnswer(request: ProviderRequest, ctx: AnswerContext): Answer {
  // A request the real API would refuse gets its 400, not a 500 from the fake.
  const refused = badChatRequest(request, ctx);
  if (refused) return refused;
  return request.dialect === 'openai' ? openaiAnswer(request, ctx) : huggingfaceAnswer(request, ctx);
}
