import * as z from 'zod';
import { atLeast, wholeNumber } from '../validation/numbers.ts';

/**
 * The monitor config format, one strict schema for TypeScript, JSON and YAML: a typo in a field
 * name is an error naming the field. schemas/monitor.schema.json is generated from this schema
 * (a test keeps the two in step). Keys never appear here: only the names of environment
 * variables that hold them (`apiKeyEnv`, `routingKeyEnv`, ...).
 */

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'must be a name (letters, digits, . _ -)' });
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be the name of an environment variable' });
const seconds = (min: number) => atLeast(min, ' (seconds)');
const ms = atLeast(0, ' (milliseconds)');
const count = wholeNumber(1);
const url = z.string().regex(/^https?:\/\/\S+$/, { error: 'must be an http(s) URL' });

const openaiProvider = z.strictObject({
  type: z.literal('openai'),
  name: name.optional(),
  model: z.string().min(1),
  baseURL: url.optional(),
  apiKeyEnv: envName.optional(),
});

const huggingfaceProvider = z.strictObject({
  type: z.literal('huggingface'),
  name: name.optional(),
  /** A hub repo id, e.g. `openai/gpt-oss-20b`. */
  model: z.string().min(1),
  endpointUrl: url.optional(),
  hubUrl: url.optional(),
  /** An inference provider (`together`, `hf-inference`, ...) whose mapping must be live. */
  inferenceProvider: z.string().min(1).optional(),
  accessTokenEnv: envName.optional(),
  /** Ask the hub for `inferenceProviderMapping` and require a live provider (default true). */
  checkProviderMapping: z.boolean().optional(),
});

const compatibleProvider = z.strictObject({
  type: z.literal('openai-compatible'),
  name,
  model: z.string().min(1),
  baseURL: url,
  apiKeyEnv: envName.optional(),
});

export const providerSchema = z.discriminatedUnion(
  'type',
  [openaiProvider, huggingfaceProvider, compatibleProvider],
  {
    error: 'must have "type" openai, huggingface or openai-compatible',
  },
);

const assertionsSchema = z.strictObject({
  /** Every string must appear in the answer (case-insensitive). */
  contains: z.array(z.string().min(1)).optional(),
  /** A regular expression the answer must match. */
  matches: z.string().min(1).optional(),
  /** The answer must be JSON valid against this JSON Schema (structured output). */
  jsonSchema: z.record(z.string(), z.unknown()).optional(),
});

const probeSchema = z.strictObject({
  prompt: z.string().min(1).optional(),
  /** Room for reasoning models (gpt-oss reasons before it answers; 1 token returns nothing). */
  maxTokens: count.optional(),
  /** Stream the answer and measure time to first token. */
  stream: z.boolean().optional(),
  timeoutMs: ms.optional(),
  assert: assertionsSchema.optional(),
});

const thresholdsSchema = z.strictObject({
  /** Checkly's "degraded at" and "failed at", on the whole probe. */
  degradedMs: ms.optional(),
  downMs: ms.optional(),
  /** The same, on time to first token (streaming probes). */
  ttftDegradedMs: ms.optional(),
  ttftDownMs: ms.optional(),
  /** Consecutive bad probes before a path turns down or degraded (Gatus; default 2). */
  failureThreshold: count.optional(),
  /** Consecutive good probes before it is up again (default 2). */
  successThreshold: count.optional(),
  /** Or down when `failures` of the last `of` probes failed. */
  window: z.strictObject({ failures: count, of: count }).optional(),
});

const windowSchema = z.strictObject({
  /** Paths silenced (default: every path). */
  paths: z.array(name).optional(),
  /** ISO 8601 instants. */
  start: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  end: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  /** Or every day, `HH:MM` to `HH:MM` in UTC. */
  daily: z
    .strictObject({
      from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM (UTC)' }),
      to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM (UTC)' }),
    })
    .optional(),
});

const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

const alertsSchema = z.strictObject({
  slack: z.strictObject({ webhookUrlEnv: envName }).optional(),
  pagerduty: z
    .strictObject({
      routingKeyEnv: envName,
      /** Default https://events.pagerduty.com/v2/enqueue. */
      url: url.optional(),
      severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }).optional(),
    })
    .optional(),
  webhook: z.strictObject({ urlEnv: envName }).optional(),
  /** Repeat a down notice this often while the path stays down (0: never). */
  reminderMinutes: z.number().min(0).optional(),
  /** More state changes than this in one cycle become one summary message (default 3). */
  summaryAbove: count.optional(),
  maintenance: z.array(windowSchema).optional(),
  delivery: z
    .strictObject({
      attempts: count.optional(),
      baseMs: ms.optional(),
      capMs: ms.optional(),
      timeoutMs: ms.optional(),
    })
    .optional(),
});

export const monitorConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Names the monitor in alerts and PagerDuty dedup keys: keep it stable. */
  name,
  /** Where the monitor runs (a region, a host); sent as PagerDuty `source`. */
  source: z.string().min(1).optional(),
  /** In priority order: the first is the primary, the next ones the fallbacks. */
  providers: z.array(providerSchema).min(1, { error: 'must list at least one provider' }),
  /** Probe the whole router chain, and the fallback served through the router (forced failover). */
  router: z
    .strictObject({ chain: z.boolean().optional(), forcedFailover: z.boolean().optional() })
    .optional(),
  intervalS: seconds(1).optional(),
  jitterS: seconds(0).optional(),
  /** Probes in flight at once. */
  concurrency: count.optional(),
  probe: probeSchema.optional(),
  thresholds: thresholdsSchema.optional(),
  alerts: alertsSchema.optional(),
  history: z
    .strictObject({
      /** SQLite file (default `brownout-monitor.db`); `:memory:` keeps nothing across restarts. */
      file: z.string().min(1).optional(),
      retentionDays: seconds(0).optional(),
    })
    .optional(),
  server: z
    .strictObject({
      port: z.number().int().min(0).max(65535, { error: 'must be a port, 0 to 65535' }).optional(),
      host: z.string().min(1).optional(),
    })
    .optional(),
});

/** What a monitor file holds (TypeScript, JSON or YAML). */
export type MonitorInput = z.input<typeof monitorConfigSchema>;
export type ProviderInput = z.output<typeof providerSchema>;
export type MaintenanceWindow = z.output<typeof windowSchema>;
export type AssertionsInput = z.output<typeof assertionsSchema>;
