/**
 * `schema-drift`: valid JSON (and valid SSE) that no longer fits the schema, as when a provider
 * ships a change: `choices` missing, fields of the wrong type, a `finish_reason` nobody knows.
 */
import * as z from 'zod';
import type { Answer } from '../fakes/answer.ts';
import { oneOf, onlyForMode } from '../fields.ts';
import { isChatCompletion } from '../request.ts';
import { defineKind, kindSchema } from './types.ts';

const schema = kindSchema('schema-drift', {
  mode: oneOf(['missing-choices', 'wrong-types', 'unknown-finish-reason'] as const).default(
    'missing-choices',
  ),
  finishReason: z
    .string({ error: 'must be a string' })
    .min(1, { error: 'must be a non-empty string' })
    .optional(),
}).superRefine(onlyForMode('mode', { finishReason: ['unknown-finish-reason'] }));

/** A validated `schema-drift` fault, defaults applied. */
export type SchemaDriftFault = z.output<typeof schema>;

type Obj = Record<string, unknown>;

function drift(doc: Obj, mode: string, finishReason: string): Obj {
  const out = structuredClone(doc);
  const choices = Array.isArray(out.choices) ? (out.choices as Obj[]) : [];
  if (mode === 'missing-choices') {
    delete out.choices;
  } else if (mode === 'wrong-types') {
    out.created = String(out.created);
    for (const choice of choices) choice.index = String(choice.index);
    const usage = out.usage as Obj | null | undefined;
    if (usage)
      for (const key of Object.keys(usage))
        if (typeof usage[key] === 'number') usage[key] = String(usage[key]);
  } else {
    for (const choice of choices) if (choice.finish_reason != null) choice.finish_reason = finishReason;
  }
  return out;
}

export const schemaDrift = defineKind({
  schema,
  variants: [
    'schema-drift:missing-choices',
    'schema-drift:wrong-types',
    'schema-drift:unknown-finish-reason',
  ],
  variant: (fault) => `schema-drift:${fault.mode}`,
  applies: (_fault, request) => isChatCompletion(request),
  action(fault, ctx) {
    const healthy = ctx.healthy();
    const finish = fault.finishReason ?? 'end_turn';
    let drifted: Answer = healthy;
    if (healthy.type === 'json')
      drifted = { ...healthy, json: drift(healthy.json as Obj, fault.mode, finish) };
    if (healthy.type === 'sse')
      drifted = { ...healthy, events: healthy.events.map((e) => drift(e as Obj, fault.mode, finish)) };
    return ctx.render(drifted);
  },
});
