/**
 * The fault model: plain, validated data (the wire form in DESIGN.md). A fault names its kind, the
 * kind's options, and a blast radius shared by every kind (target, probability, times, after,
 * time window, flapping). Each kind's schema lives with its action in src/faults/kinds/<kind>.ts;
 * this module joins them, from the catalog, into one discriminated union and validates with it.
 */
import * as z from 'zod';
import { KINDS } from './catalog.ts';
import { FaultValidationError } from './errors.ts';
import { formatIssues, type IssueHints } from './issues.ts';

export type { AuthFault } from './kinds/auth.ts';
export type { HttpErrorFault } from './kinds/http-error.ts';
export type { InvalidRequestFault } from './kinds/invalid-request.ts';
export type { LatencyFault } from './kinds/latency.ts';
export type { MalformedFault } from './kinds/malformed.ts';
export type { ModelLoadingFault } from './kinds/model-loading.ts';
export type { ModelMissingFault } from './kinds/model-missing.ts';
export type { NetworkFault } from './kinds/network.ts';
export type { RateLimitFault } from './kinds/rate-limit.ts';
export type { ReasoningExhaustedFault } from './kinds/reasoning-exhausted.ts';
export type { SchemaDriftFault } from './kinds/schema-drift.ts';
export type { StreamCutFault } from './kinds/stream-cut.ts';
export type { TimeoutFault } from './kinds/timeout.ts';

/** The kinds' schemas, in catalog order, typed one by one (the union needs each member's type). */
type SchemasOf<T extends readonly unknown[]> = {
  -readonly [I in keyof T]: T[I] extends { schema: infer S } ? S : never;
};
const members = KINDS.map((module) => module.schema) as unknown as SchemasOf<typeof KINDS>;

/** The zod schema of one fault (a discriminated union on `kind`). */
export const FaultSchema = z.discriminatedUnion('kind', members, {
  // Only reached for a non-object item: an unknown kind has its own message (see issues.ts).
  error: 'must be a fault object such as {"kind": "http-error", "target": "openai"}',
});

/** A validated fault, defaults applied. */
export type Fault = z.output<typeof FaultSchema>;
/** A fault as written in JSON or a scenario file (defaults optional). */
export type FaultInput = z.input<typeof FaultSchema>;
/** The fault kinds: `http-error`, `rate-limit`, ... */
export type FaultKind = Fault['kind'];

/** The fault of one kind: `FaultOf<'timeout'>` is {@link TimeoutFault}. */
export type FaultOf<K extends FaultKind> = Extract<Fault, { kind: K }>;

/** Every fault kind, in catalog order. */
export const FAULT_KINDS: readonly FaultKind[] = KINDS.map((module) => module.kind);

const schemaByKind = new Map<string, z.ZodObject>(KINDS.map((module) => [module.kind, module.schema]));

const hints: IssueHints = {
  kinds: FAULT_KINDS,
  fieldsAt(root, segments) {
    // Walk to the fault the issue is about (a list's item, or the root), then into nested objects.
    let value = root;
    let i = 0;
    while (typeof segments[i] === 'number' && Array.isArray(value)) value = value[segments[i++] as number];
    let schema = schemaByKind.get((value as { kind?: string } | undefined)?.kind ?? '') as
      | z.ZodType
      | undefined;
    for (const segment of segments.slice(i)) {
      schema = schema instanceof z.ZodObject ? unwrap(schema.shape[segment as string]) : undefined;
    }
    return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  },
};

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
  return s;
}

function parseWith<T>(schema: z.ZodType<T>, input: unknown, where: string): T {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw new FaultValidationError(formatIssues(result.error.issues, where, input, hints));
}

/**
 * Validates one fault and applies its defaults; throws {@link FaultValidationError} naming the field.
 *
 * @example
 * parseFault({ kind: 'http-error', target: 'openai', status: 503 }); // { ..., probability: 1, after: 0 }
 * parseFault({ kind: 'http-error', target: 'openai', probability: 1.5 }, 'faults[2]');
 * // throws: faults[2].probability: must be in the range [0, 1], got 1.5
 */
export function parseFault(input: unknown, where = 'fault'): Fault {
  return parseWith(FaultSchema, input, where);
}

const FaultListSchema = z.array(FaultSchema, { error: 'must be an array of faults' });

/**
 * Validates a list of faults; issue paths read `faults[i].field`.
 *
 * @example
 * parseFaults([{ kind: 'network', target: 'openai', mode: 'reset', times: 1 }]);
 */
export function parseFaults(input: unknown, where = 'faults'): Fault[] {
  return parseWith(FaultListSchema, input, where);
}
