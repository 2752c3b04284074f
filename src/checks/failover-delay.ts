import { z } from 'zod';
import type { HistoryRecord } from '../history/history.ts';
import type { Checker } from './check.ts';
import { durationMs } from './option-schemas.ts';
import { checkQuantiles } from './quantile-bounds.ts';
import { notApplicable, verdict } from './verdict.ts';

export const failoverDelayOptions = z
  .strictObject({
    p95: durationMs.optional(),
    max: durationMs.optional(),
    /** Pass when no request failed over (default false: that makes the check vacuous). */
    allowNone: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .refine((o) => o.p95 !== undefined || o.max !== undefined, { error: 'must set p95 or max (ms)' });
export type FailoverDelayOptions = z.infer<typeof failoverDelayOptions>;

/**
 * Failover delay: from the moment the first attempt failed (its end) to the start of the first
 * attempt on the provider that served. What the caller waited for nothing: a fixed backoff spent
 * on a failing primary, retries of an error that will not change. Policy-neutral (any router that
 * fails over promptly passes); read from attempts, which for a black box come from the upstream record.
 *
 * @example failoverDelay(history, { max: 500 }, ctx)
 */
export const failoverDelay: Checker<FailoverDelayOptions> = (history, options) => {
  const id = 'failover-delay';
  const { allowNone, ...bounds } = options;
  if (history.attemptSource === 'none')
    return notApplicable(id, 'no attempts are known (no upstream record, none reported)');
  const samples = history.records.flatMap((r) => {
    const value = delayOf(r);
    return value === undefined ? [] : [{ index: r.index, value }];
  });
  if (samples.length === 0) {
    return verdict(
      id,
      allowNone === true,
      null,
      bounds,
      allowNone === true
        ? 'no request failed over: nothing to measure (allowNone)'
        : 'vacuous: no request was served after a failed attempt on another provider',
    );
  }
  return checkQuantiles(id, 'delay from the first failure to the fallback attempt', samples, bounds);
};

/** ms from the end of the request's first failed attempt to its first attempt on the serving provider. */
function delayOf(r: HistoryRecord): number | undefined {
  if (r.completion !== 'ok' || r.servedBy === undefined) return undefined;
  const ordered = [...r.attempts].sort((a, b) => a.startMs - b.startMs);
  const first = ordered[0];
  if (first === undefined || first.provider === r.servedBy || first.outcome === 'ok') return undefined;
  const fallback = ordered.find((a) => a.provider === r.servedBy);
  if (fallback === undefined) return undefined;
  return Math.max(0, fallback.startMs - (first.startMs + first.ms));
}
