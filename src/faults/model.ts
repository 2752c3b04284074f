/**
 * The fault model: plain, validated data (the wire form in DESIGN.md). A fault names its kind, the
 * kind's options, and a blast radius shared by every kind (target, probability, times, after,
 * time window, flapping). Strict objects: a typo in a field name is an error, not a silent no-op.
 */
import * as z from 'zod';
import { FaultValidationError } from './errors.ts';
import { formatIssues, type IssueHints } from './issues.ts';
import { MAX_MS } from './limits.ts';

const MAX_COUNT = 1_000_000_000;

function int(
  min: number,
  max: number,
  unit = '',
  error = `must be an integer in the range [${min}, ${max}]${unit}`,
) {
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}
function num(min: number, max: number) {
  const error = `must be in the range [${min}, ${max}]`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}
const ms = (min = 0) => int(min, MAX_MS, ' (milliseconds)');
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}` });
}

/** Provider names double as URL path segments on the fault server (`/<name>/v1/...`). */
const providerName = z
  .string({ error: 'must be a provider name such as "openai" or "huggingface"' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    error: 'must be a provider name (letters, digits, ".", "_", "-"), such as "openai" or "huggingface"',
  });

const flap = z.strictObject({
  periodMs: ms(1),
  dutyCycle: num(0, 1),
});

/** Blast radius: which requests a fault may hit. Belongs to the framework, not to each kind. */
const radius = {
  target: providerName,
  path: z
    .string({ error: 'must be a path prefix starting with "/", such as "/v1/chat/completions"' })
    .startsWith('/', { error: 'must be a path prefix starting with "/", such as "/v1/chat/completions"' })
    .optional(),
  model: z.string({ error: 'must be a model name' }).min(1, { error: 'must be a model name' }).optional(),
  probability: num(0, 1).default(1),
  times: int(1, MAX_COUNT).optional(),
  after: int(0, MAX_COUNT).default(0),
  startMs: ms().default(0),
  durationMs: ms().optional(),
  flap: flap.optional(),
};

type ModeFields = Record<string, readonly string[]>;

/** Rejects options that belong to another mode (`afterChunks` on a `hang` timeout is a mistake). */
function onlyForMode(field: 'mode' | 'distribution', fields: ModeFields) {
  return (value: Record<string, unknown>, ctx: z.core.$RefinementCtx<Record<string, unknown>>) => {
    const mode = value[field] as string;
    for (const [key, modes] of Object.entries(fields)) {
      if (value[key] !== undefined && !modes.includes(mode)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          input: value[key],
          message: `only applies to ${field} ${modes.map((m) => JSON.stringify(m)).join(' or ')} (this fault has ${field} ${JSON.stringify(mode)})`,
        });
      }
    }
  };
}

function requires(field: string, when: (v: Record<string, unknown>) => boolean, message: string) {
  return (value: Record<string, unknown>, ctx: z.core.$RefinementCtx<Record<string, unknown>>) => {
    if (when(value) && value[field] === undefined) {
      ctx.addIssue({ code: 'custom', path: [field], input: undefined, message });
    }
  };
}

const httpError = z.strictObject({
  kind: z.literal('http-error'),
  ...radius,
  status: int(
    500,
    599,
    '',
    'must be a 5xx status in the range [500, 599] (429 is kind "rate-limit", 401/403 kind "auth", 404 kind "model-missing")',
  ).default(503),
  /** Send `retry-after` (seconds) with the 5xx, as overloaded providers and proxies do. */
  retryAfterS: int(0, 86_400, ' (seconds)').optional(),
});

const rateLimit = z.strictObject({
  kind: z.literal('rate-limit'),
  ...radius,
  retryAfterS: int(0, 86_400, ' (seconds)').optional(),
  retryAfterMs: ms().optional(),
  reason: oneOf(['requests', 'tokens', 'quota'] as const).default('requests'),
  storm: z.strictObject({ durationMs: ms(1) }).optional(),
});

const timeout = z
  .strictObject({
    kind: z.literal('timeout'),
    ...radius,
    mode: oneOf(['hang', 'slow-headers', 'slow-body', 'stall'] as const).default('hang'),
    afterMs: ms().optional(),
    bodyMs: ms().optional(),
    afterChunks: int(0, 100_000).optional(),
    stallMs: ms().optional(),
  })
  .superRefine(
    onlyForMode('mode', {
      afterMs: ['slow-headers'],
      bodyMs: ['slow-body'],
      afterChunks: ['stall'],
      stallMs: ['stall'],
    }),
  );

const auth = z.strictObject({
  kind: z.literal('auth'),
  ...radius,
  status: z.literal([401, 403], { error: 'must be 401 or 403' }).default(401),
});

const modelMissing = z.strictObject({
  kind: z.literal('model-missing'),
  ...radius,
  /** `not-found` (when absent): 404; `not-supported`: the HF router's 400 "not supported by any provider". */
  mode: oneOf(['not-found', 'not-supported'] as const).optional(),
  shape: oneOf(['object', 'string'] as const).default('object'),
});

const network = z.strictObject({
  kind: z.literal('network'),
  ...radius,
  mode: oneOf(['reset', 'refused', 'dns'] as const).default('reset'),
});

const malformed = z.strictObject({
  kind: z.literal('malformed'),
  ...radius,
  mode: oneOf(['invalid-json', 'garbage', 'wrong-content-type'] as const).default('invalid-json'),
});

const schemaDrift = z
  .strictObject({
    kind: z.literal('schema-drift'),
    ...radius,
    mode: oneOf(['missing-choices', 'wrong-types', 'unknown-finish-reason'] as const).default(
      'missing-choices',
    ),
    finishReason: z
      .string({ error: 'must be a string' })
      .min(1, { error: 'must be a non-empty string' })
      .optional(),
  })
  .superRefine(onlyForMode('mode', { finishReason: ['unknown-finish-reason'] }));

const streamCut = z.strictObject({
  kind: z.literal('stream-cut'),
  ...radius,
  mode: oneOf(['mid-event', 'no-done', 'error-event', 'error-finish', 'complete-no-done'] as const).default(
    'mid-event',
  ),
  afterChunks: int(0, 100_000).default(2),
});

const invalidRequest = z.strictObject({
  kind: z.literal('invalid-request'),
  ...radius,
  reason: oneOf(['context-length', 'content-policy'] as const).default('context-length'),
});

const reasoningExhausted = z.strictObject({
  kind: z.literal('reasoning-exhausted'),
  ...radius,
});

const latency = z
  .strictObject({
    kind: z.literal('latency'),
    ...radius,
    distribution: oneOf(['fixed', 'uniform', 'lognormal'] as const).default('fixed'),
    ms: ms().optional(),
    min: ms().optional(),
    max: ms().optional(),
    median: ms().optional(),
    sigma: num(0, 10).optional(),
  })
  .superRefine(
    onlyForMode('distribution', {
      ms: ['fixed'],
      min: ['uniform'],
      max: ['uniform', 'lognormal'],
      median: ['lognormal'],
      sigma: ['lognormal'],
    }),
  )
  .superRefine(requires('ms', (v) => v.distribution === 'fixed', 'is required for distribution "fixed"'))
  .superRefine(requires('min', (v) => v.distribution === 'uniform', 'is required for distribution "uniform"'))
  .superRefine(requires('max', (v) => v.distribution === 'uniform', 'is required for distribution "uniform"'))
  .superRefine(
    requires('median', (v) => v.distribution === 'lognormal', 'is required for distribution "lognormal"'),
  )
  .superRefine(
    requires('sigma', (v) => v.distribution === 'lognormal', 'is required for distribution "lognormal"'),
  )
  .superRefine((v, ctx) => {
    if (v.distribution === 'uniform' && v.min !== undefined && v.max !== undefined && v.min > v.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], input: v.max, message: `must be >= min (${v.min})` });
    }
  });

const modelLoading = z.strictObject({
  kind: z.literal('model-loading'),
  ...radius,
  estimatedTimeS: num(0, 86_400).default(20),
});

const members = [
  httpError,
  rateLimit,
  timeout,
  auth,
  modelMissing,
  network,
  malformed,
  schemaDrift,
  streamCut,
  latency,
  modelLoading,
  invalidRequest,
  reasoningExhausted,
] as const;

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

export type HttpErrorFault = z.output<typeof httpError>;
export type RateLimitFault = z.output<typeof rateLimit>;
export type TimeoutFault = z.output<typeof timeout>;
export type AuthFault = z.output<typeof auth>;
export type ModelMissingFault = z.output<typeof modelMissing>;
export type NetworkFault = z.output<typeof network>;
export type MalformedFault = z.output<typeof malformed>;
export type SchemaDriftFault = z.output<typeof schemaDrift>;
export type StreamCutFault = z.output<typeof streamCut>;
export type LatencyFault = z.output<typeof latency>;
export type ModelLoadingFault = z.output<typeof modelLoading>;
export type InvalidRequestFault = z.output<typeof invalidRequest>;
export type ReasoningExhaustedFault = z.output<typeof reasoningExhausted>;
/** The fault of one kind: `FaultOf<'timeout'>` is {@link TimeoutFault}. */
export type FaultOf<K extends FaultKind> = Extract<Fault, { kind: K }>;

/** Every fault kind, in catalog order. */
export const FAULT_KINDS: readonly FaultKind[] = members.map((m) => m.shape.kind.value);

const schemaByKind = new Map<string, z.ZodObject>(members.map((m) => [m.shape.kind.value, m as z.ZodObject]));

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
