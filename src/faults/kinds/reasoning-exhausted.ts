/**
 * `reasoning-exhausted`: a reasoning model spends the whole `max_tokens` (or
 * `max_completion_tokens`) budget on hidden reasoning and answers 200 with no content:
 * `content: ""`, `finish_reason: "length"`, every completion token counted as a reasoning token.
 * Schema-valid, and empty: a router that passes it on serves nothing as if it were an answer.
 */
import type * as z from 'zod';
import type { Answer } from '../fakes/answer.ts';
import { isChatCompletion } from '../request.ts';
import { defineKind, kindSchema } from './types.ts';

const schema = kindSchema('reasoning-exhausted', {});

/** A validated `reasoning-exhausted` fault, defaults applied. */
export type ReasoningExhaustedFault = z.output<typeof schema>;

type Obj = Record<string, unknown>;

/** The token budget the request allowed (OpenAI's default cap when it names none). */
function budget(body: Obj | undefined): number {
  const limit = body?.max_completion_tokens ?? body?.max_tokens;
  return typeof limit === 'number' && limit >= 1 ? Math.floor(limit) : 4096;
}

function exhaust(usage: Obj | undefined, tokens: number): void {
  if (!usage) return;
  usage.completion_tokens = tokens;
  usage.total_tokens = (usage.prompt_tokens as number) + tokens;
  const details = usage.completion_tokens_details as Obj | undefined;
  if (details) details.reasoning_tokens = tokens;
  else usage.completion_tokens_details = { reasoning_tokens: tokens };
}

export const reasoningExhausted = defineKind({
  schema,
  variants: ['reasoning-exhausted'],
  variant: () => 'reasoning-exhausted',
  applies: (_fault, request) => isChatCompletion(request),
  action(_fault, ctx) {
    const healthy = ctx.healthy();
    const tokens = budget(ctx.request.body);
    let empty: Answer = healthy;
    if (healthy.type === 'json' && healthy.status === 200) {
      const doc = healthy.json as Obj;
      for (const choice of doc.choices as Obj[]) {
        (choice.message as Obj).content = '';
        choice.finish_reason = 'length';
      }
      exhaust(doc.usage as Obj | undefined, tokens);
    } else if (healthy.type === 'sse') {
      // The role chunk, then the finish: no content delta at all (and the usage chunk, if asked for).
      const events = healthy.events as Obj[];
      const finish = events.find((e) =>
        (e.choices as Obj[] | undefined)?.some((c) => c.finish_reason != null),
      );
      const usage = events.find((e) => Array.isArray(e.choices) && (e.choices as Obj[]).length === 0);
      const first = structuredClone(events[0]!);
      for (const choice of first.choices as Obj[]) {
        choice.delta = { role: 'assistant', content: '' };
        choice.finish_reason = null;
      }
      for (const choice of (finish?.choices as Obj[] | undefined) ?? []) choice.finish_reason = 'length';
      exhaust(usage?.usage as Obj | undefined, tokens);
      empty = { ...healthy, events: [first, ...(finish ? [finish] : []), ...(usage ? [usage] : [])] };
    }
    return ctx.render(empty);
  },
});
