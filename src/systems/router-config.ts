import * as z from 'zod';
import { atLeast, wholeNumber } from '../validation/numbers.ts';

/**
 * The `router` section of a scenario file: the providers, their order and the policy the
 * reference router (and an in-process system that reads it) runs with. It lives beside the
 * systems that consume it; the scenario format (scenario/schema.ts) embeds and re-exports it.
 */

const positiveInt = (unit = '') => wholeNumber(1, unit);
const ms = atLeast(0, ' (milliseconds)');

export const PROVIDER_TYPES = ['openai', 'huggingface', 'openai-compatible'] as const;

/** What a provider name may be: it names URL paths (`/<name>/v1`), metrics and report fields. */
export const PROVIDER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const providerSchema = z.strictObject({
  type: z.enum(PROVIDER_TYPES, { error: `must be one of ${PROVIDER_TYPES.join(', ')}` }),
  /** Default: the type (`openai`, `huggingface`); required for openai-compatible. */
  name: z
    .string()
    .regex(PROVIDER_NAME_PATTERN, { error: 'must be a provider name (letters, digits, . _ -)' })
    .optional(),
  model: z.string().min(1).optional(),
  /** Hugging Face: check the model repo on the hub (default true). */
  repoCheck: z.boolean().optional(),
});

const breakerSchema = z.strictObject({
  consecutiveFailures: positiveInt().optional(),
  failureRate: z
    .number()
    .gt(0, { error: 'must be in the range (0, 1]' })
    .max(1, { error: 'must be in the range (0, 1]' })
    .optional(),
  windowMs: ms.optional(),
  minimumCalls: positiveInt().optional(),
  openMs: ms.optional(),
  halfOpenTrials: positiveInt().optional(),
  halfOpenMode: z.enum(['request', 'probe']).optional(),
});

const ERROR_ACTIONS = z.enum(['retry', 'failover', 'stop'], {
  error: 'must be one of retry, failover, stop',
});

export const routerConfigSchema = z.strictObject({
  providers: z.array(providerSchema).min(1, { error: 'must list at least one provider' }).optional(),
  attemptTimeoutMs: ms.optional(),
  idleTimeoutMs: ms.optional(),
  deadlineMs: ms.optional(),
  retry: z
    .strictObject({
      maxRetries: wholeNumber(0).optional(),
      maxAttempts: positiveInt().optional(),
      baseMs: ms.optional(),
      capMs: ms.optional(),
    })
    .optional(),
  breaker: z.union([breakerSchema, z.literal(false)]).optional(),
  hedge: z
    .union([z.strictObject({ delayMs: ms, maxHedges: positiveInt().optional() }), z.literal(false)])
    .optional(),
  concurrency: z
    .record(
      z.string(),
      z.strictObject({
        maxInFlight: positiveInt(),
        maxQueue: wholeNumber(0).optional(),
      }),
    )
    .optional(),
  errorPolicy: z
    .strictObject({
      'rate-limited': ERROR_ACTIONS.optional(),
      unavailable: ERROR_ACTIONS.optional(),
      timeout: ERROR_ACTIONS.optional(),
      network: ERROR_ACTIONS.optional(),
      auth: ERROR_ACTIONS.optional(),
      'model-missing': ERROR_ACTIONS.optional(),
      'bad-request': ERROR_ACTIONS.optional(),
      malformed: ERROR_ACTIONS.optional(),
      'stream-interrupted': ERROR_ACTIONS.optional(),
      internal: ERROR_ACTIONS.optional(),
    })
    .optional(),
});

export type RouterConfig = z.output<typeof routerConfigSchema>;
