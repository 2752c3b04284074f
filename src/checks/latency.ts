import { z } from 'zod';
import type { Checker } from './check.ts';
import { durationMs } from './option-schemas.ts';
import { checkQuantiles, FIGURES } from './quantile-bounds.ts';
import { verdict } from './verdict.ts';

export const latencyOptions = z
  .strictObject({
    p50: durationMs.optional(),
    p95: durationMs.optional(),
    p99: durationMs.optional(),
    max: durationMs.optional(),
  })
  .refine((o) => FIGURES.some((f) => o[f] !== undefined), {
    error: 'must set at least one of p50, p95, p99, max (ms)',
  });
export type LatencyOptions = z.infer<typeof latencyOptions>;

/**
 * Latency (invoke to end) of the requests that completed ok, against bounds on its quantiles.
 *
 * @example latency(history, { p95: 2000, max: 8000 }, ctx)
 */
export const latency: Checker<LatencyOptions> = (history, bounds) => {
  const samples = history.records
    .filter((r) => r.completion === 'ok')
    .map((r) => ({ index: r.index, value: r.latencyMs }));
  if (samples.length === 0) {
    return verdict('latency', false, null, bounds, 'no request completed ok: latency cannot be measured');
  }
  return checkQuantiles('latency', 'latency of ok requests', samples, bounds);
};
