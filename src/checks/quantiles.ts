/** The latency figures the report shows for a set of samples. */

import { BrownoutRangeError } from '../errors.ts';
export interface Summary {
  /** How many samples: the figures below are NaN when it is 0. */
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * The exact q-quantile of `values` by the nearest-rank method: the smallest value such that at
 * least a fraction q of the values are at or below it (no interpolation: the answer is always
 * one of the samples). NaN for an empty list.
 *
 * @example quantile([5, 1, 4, 2, 3], 0.5) // 3
 * @example quantile([1, 2, 3, 4], 0.95)    // 4
 */
export function quantile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1))
    throw new BrownoutRangeError('BROWNOUT_QUANTILE_INPUT', `quantile must be in the range [0, 1], got ${q}`);
  if (values.length === 0) return Number.NaN;
  return sortedQuantile(sorted(values), q);
}

/**
 * p50, p95, p99 and max of `values` (nearest-rank, as `quantile`), sorting once.
 *
 * @example summarize([120, 80, 300]) // { count: 3, p50: 120, p95: 300, p99: 300, max: 300 }
 */
export function summarize(values: readonly number[]): Summary {
  const s = sorted(values);
  if (s.length === 0) return { count: 0, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN };
  return {
    count: s.length,
    p50: sortedQuantile(s, 0.5),
    p95: sortedQuantile(s, 0.95),
    p99: sortedQuantile(s, 0.99),
    max: s[s.length - 1]!,
  };
}

function sorted(values: readonly number[]): number[] {
  for (const v of values) {
    if (Number.isNaN(v))
      throw new BrownoutRangeError(
        'BROWNOUT_QUANTILE_INPUT',
        'quantile: a sample is NaN; drop unmeasured samples first',
      );
  }
  return [...values].sort((a, b) => a - b);
}

function sortedQuantile(s: readonly number[], q: number): number {
  // Rank ceil(q·n), 1-based; the epsilon keeps e.g. 0.07 × 100 = 7.000000000000001 at rank 7.
  const rank = Math.max(1, Math.ceil(q * s.length - 1e-9));
  return s[Math.min(rank, s.length) - 1]!;
}
