import { z } from 'zod';
import type { Checker } from './check.ts';
import { count } from './option-schemas.ts';
import { offenders, verdict } from './verdict.ts';

export const noLostRequestsOptions = z.strictObject({
  /** How many requests the traffic should have sent. */
  expected: count(0).optional(),
});
export type NoLostRequestsOptions = z.infer<typeof noLostRequestsOptions>;

/**
 * No request lost or answered twice: every request ended, an ok request was answered exactly once,
 * none more than once, request numbers run 0..n-1 without a gap, and, with `expected`, n matches.
 * Measured: the number of requests at fault (plus missing ones).
 *
 * @example noLostRequests(history, { expected: 200 }, ctx)
 */
export const noLostRequests: Checker<NoLostRequestsOptions> = (history, { expected }) => {
  const id = 'no-lost-requests';
  const records = history.records;
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const r of records) {
    if (seen.has(r.index)) problems.push(`#${r.index} recorded twice`);
    seen.add(r.index);
    if (!Number.isFinite(r.endMs) || r.endMs < r.invokeMs) problems.push(`#${r.index} never ended`);
    if (r.answers > 1) problems.push(`#${r.index} answered ${r.answers} times`);
    else if (r.completion === 'ok' && r.answers !== 1)
      problems.push(`#${r.index} ok but answered ${r.answers} times`);
  }
  for (let i = 0; i < records.length; i++) if (!seen.has(i)) problems.push(`#${i} missing`);
  const threshold = expected === undefined ? { faults: 0 } : { faults: 0, requests: expected };
  const countWrong = expected !== undefined && records.length !== expected;
  if (problems.length === 0 && !countWrong) {
    return verdict(
      id,
      true,
      0,
      threshold,
      `all ${records.length} requests ended, each answered at most once and ok ones exactly once`,
    );
  }
  const parts = [];
  if (countWrong) parts.push(`expected ${expected} requests, saw ${records.length}`);
  if (problems.length > 0) parts.push(`${problems.length} lost or answered twice: ${offenders(problems)}`);
  return verdict(
    id,
    false,
    problems.length + (countWrong ? Math.abs(records.length - expected) : 0),
    threshold,
    parts.join('; '),
  );
};
