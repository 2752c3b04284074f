import type { CheckResult } from './check.ts';
import { summarize } from './quantiles.ts';
import { ms, offenders, verdict } from './verdict.ts';

export const FIGURES = ['p50', 'p95', 'p99', 'max'] as const;
export type Figure = (typeof FIGURES)[number];

/** Bounds on quantiles of a set of durations, e.g. `{ p95: 2000, max: 5000 }`. */
export type QuantileBounds = Partial<Record<Figure, number>>;

/**
 * Compares the quantiles (nearest-rank) of `samples` with `bounds`. Shared by the latency checkers.
 * `what` names the quantity in messages, e.g. 'latency of ok requests'.
 */
export function checkQuantiles(
  id: string,
  what: string,
  samples: ReadonlyArray<{ index: number; value: number }>,
  bounds: QuantileBounds,
): CheckResult {
  const summary = summarize(samples.map((s) => s.value));
  const measured: QuantileBounds = {};
  for (const f of FIGURES) if (bounds[f] !== undefined) measured[f] = summary[f];
  const exceeded = FIGURES.filter((f) => bounds[f] !== undefined && summary[f] > bounds[f]);
  const figures = (fs: readonly Figure[], of: QuantileBounds) =>
    fs.map((f) => `${f} ${ms(of[f]!)}`).join(', ');
  const asked = FIGURES.filter((f) => bounds[f] !== undefined);
  if (exceeded.length === 0) {
    return verdict(
      id,
      true,
      measured,
      bounds,
      `${what}: ${figures(asked, measured)} over ${samples.length}, within ${figures(asked, bounds)}`,
    );
  }
  const lowest = Math.min(...exceeded.map((f) => bounds[f]!));
  const slow = samples
    .filter((s) => s.value > lowest)
    .sort((a, b) => b.value - a.value)
    .map((s) => `#${s.index} ${ms(s.value)}`);
  return verdict(
    id,
    false,
    measured,
    bounds,
    `${what}: expected ${figures(exceeded, bounds)}, saw ${figures(exceeded, measured)} over ${samples.length}; slowest: ${offenders(slow)}`,
  );
}
