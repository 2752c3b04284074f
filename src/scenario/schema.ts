import * as z from 'zod';
import { BACKENDS } from '../faults/support.ts';
import { routerConfigSchema } from '../systems/router-config.ts';
import { atLeast, wholeNumber } from '../validation/numbers.ts';

/**
 * The scenario file format, validated with strict objects: a typo in a field name is an
 * error naming the field, not a setting silently ignored. Faults and check options are
 * validated by their own modules (src/faults, src/checks), which name their fields too.
 */

const positiveInt = (unit = '') => wholeNumber(1, unit);
const ms = atLeast(0, ' (milliseconds)');

export { BACKENDS, type BackendName } from '../faults/support.ts';
export {
  PROVIDER_NAME_PATTERN,
  PROVIDER_TYPES,
  type RouterConfig,
  routerConfigSchema,
} from '../systems/router-config.ts';

export const trafficSchema = z
  .strictObject({
    /** `closed`: `concurrency` workers send `requests` in all; `open`: `ratePerSec` arrivals for `durationMs`. */
    mode: z.enum(['closed', 'open'], { error: 'must be "closed" or "open"' }).default('closed'),
    requests: positiveInt(' (requests)').max(100_000, { error: 'must be at most 100000' }).optional(),
    concurrency: positiveInt().max(1000, { error: 'must be at most 1000' }).default(4),
    /** Closed loop: pause between a worker's requests (spreads traffic over fault windows). */
    gapMs: ms.default(0),
    ratePerSec: z
      .number()
      .gt(0, { error: 'must be greater than 0' })
      .max(10_000, { error: 'must be at most 10000' })
      .optional(),
    durationMs: ms.optional(),
    /** Fraction of requests that stream, in [0, 1]. */
    streaming: z
      .number()
      .min(0, { error: 'must be in the range [0, 1]' })
      .max(1, { error: 'must be in the range [0, 1]' })
      .default(0),
    /** Hard stop for the whole traffic phase: requests still running then are aborted and recorded. */
    maxDurationMs: ms.max(600_000, { error: 'must be at most 600000 (10 minutes)' }).default(30_000),
    /** Per-request client-side timeout (never hang): default the router deadline plus a margin. */
    requestTimeoutMs: ms.optional(),
  })
  .superRefine((t, ctx) => {
    if (t.mode === 'closed' && t.requests === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['requests'],
        message: 'is required for a closed loop (how many requests in all)',
      });
    }
    if (t.mode === 'open') {
      if (t.ratePerSec === undefined)
        ctx.addIssue({ code: 'custom', path: ['ratePerSec'], message: 'is required for an open loop' });
      if (t.durationMs === undefined)
        ctx.addIssue({ code: 'custom', path: ['durationMs'], message: 'is required for an open loop' });
    }
  });

export const propertySchema = z.strictObject({
  id: z.enum(['healthy-provider-serves', 'schema-parity', 'failover-bound', 'attempt-bound', 'retry-after'], {
    error:
      'must be one of healthy-provider-serves, schema-parity, failover-bound, attempt-bound, retry-after',
  }),
  runs: positiveInt(' (runs)').max(10_000).default(50),
});

export const scenarioSchema = z.strictObject({
  id: z
    .string({ error: 'must be a string' })
    .max(100, { error: 'must be at most 100 characters' })
    .regex(/^[a-z0-9][a-z0-9-]*$/, {
      error: 'must be a lower-case id of letters, digits and dashes (e.g. "primary-503-burst")',
    }),
  title: z
    .string({ error: 'must be a string' })
    .min(1, { error: 'must not be empty' })
    .max(200, { error: 'must be at most 200 characters' }),
  description: z.string().max(10_000, { error: 'must be at most 10000 characters' }).optional(),
  tags: z
    .array(z.string().max(100, { error: 'must be at most 100 characters' }))
    .max(50, { error: 'must be at most 50 tags' })
    .optional(),
  router: routerConfigSchema.default({}),
  /** Backends to run on (default: msw and server, plus nock when every fault kind allows it). */
  backends: z
    .array(z.enum(BACKENDS, { error: `must be one of ${BACKENDS.join(', ')}` }))
    .min(1)
    .optional(),
  traffic: trafficSchema,
  /** Validated by the fault model (src/faults/model.ts). */
  faults: z
    .array(z.unknown(), { error: 'must be an array of faults' })
    .max(1000, { error: 'must be at most 1000 faults' })
    .default([]),
  /** Check id → options; validated by the check configuration (src/checks/config.ts). */
  checks: z.record(z.string(), z.unknown(), { error: 'must be an object of check id → options' }),
  properties: z.array(propertySchema).optional(),
  /**
   * The graded outcome a well-behaved system gets here (default `pass`): `safe` where nothing can
   * serve and a bounded, typed error is the best answer.
   */
  ideal: z
    .enum(['pass', 'degraded', 'safe'], { error: 'must be one of pass, degraded, safe' })
    .default('pass'),
  /** Check ids whose failure degrades the run instead of failing it. */
  advisory: z.array(z.string({ error: 'must be a check id' })).optional(),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type TrafficConfig = z.output<typeof trafficSchema>;
export type PropertyConfig = z.output<typeof propertySchema>;
