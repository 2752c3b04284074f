import { z } from 'zod';
import type { Checker } from './check.ts';
import { durationMs } from './option-schemas.ts';
import { checkQuantiles } from './quantile-bounds.ts';
import { verdict } from './verdict.ts';

export const failoverLatencyOptions = z
  .strictObject({
    p95: durationMs.optional(),
    p99: durationMs.optional(),
    max: durationMs.optional(),
    /** Pass when no request failed over (default false: that makes the check vacuous). */
    allowNone: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .refine((o) => o.p95 !== undefined || o.p99 !== undefined || o.max !== undefined, {
    error: 'must set at least one of p95, p99, max (ms)',
  });
export type FailoverLatencyOptions = z.infer<typeof failoverLatencyOptions>;

/**
 * Failover latency (invoke until the serving attempt began) of the requests served by a
 * provider other than the primary (`ctx.providers[0]`). Vacuous, hence failing, when no request
 * failed over, unless `allowNone`.
 *
 * @example failoverLatency(history, { p95: 1500 }, ctx)
 */
export const failoverLatency: Checker<FailoverLatencyOptions> = (history, options, ctx) => {
  const id = 'failover-latency';
  const { allowNone, ...bounds } = options;
  const primary = ctx.providers[0] ?? history.providers[0];
  const samples = history.records
    .filter((r) => r.servedBy !== undefined && r.servedBy !== primary && r.failoverLatencyMs !== undefined)
    .map((r) => ({ index: r.index, value: r.failoverLatencyMs! }));
  if (samples.length === 0) {
    return verdict(
      id,
      allowNone === true,
      null,
      bounds,
      allowNone === true
        ? `no request was served by a provider other than ${primary}: nothing to measure (allowNone)`
        : `vacuous: no request was served by a provider other than ${primary}, so failover latency was never measured`,
    );
  }
  return checkQuantiles(id, `failover latency (served by other than ${primary})`, samples, bounds);
};
