import { z } from 'zod';
import type { Checker } from './check.ts';
import { durationMs } from './option-schemas.ts';
import { ms, offenders, verdict } from './verdict.ts';

export const streamGapsOptions = z.strictObject({
  /** Longest wait allowed between two chunks the caller received. */
  maxMs: durationMs,
});
export type StreamGapsOptions = z.infer<typeof streamGapsOptions>;

/**
 * The longest gap between two chunks of any stream the caller received stays within `maxMs`: a
 * stall the system let reach the caller (instead of cutting it with an idle timeout and failing
 * over) shows here even when the stream eventually ended. Vacuous without a stream of 2+ chunks.
 *
 * @example streamGaps(history, { maxMs: 2000 }, ctx)
 */
export const streamGaps: Checker<StreamGapsOptions> = (history, { maxMs }) => {
  const id = 'stream-gaps';
  const streams = history.records.filter((r) => r.maxChunkGapMs !== undefined);
  if (streams.length === 0)
    return verdict(id, false, null, maxMs, 'vacuous: no stream delivered two chunks, so no gap was measured');
  const worst = Math.max(...streams.map((r) => r.maxChunkGapMs!));
  const over = streams
    .filter((r) => r.maxChunkGapMs! > maxMs)
    .sort((a, b) => b.maxChunkGapMs! - a.maxChunkGapMs!)
    .map((r) => `#${r.index} ${ms(r.maxChunkGapMs!)}`);
  if (over.length === 0)
    return verdict(
      id,
      true,
      worst,
      maxMs,
      `the longest gap between chunks was ${ms(worst)} (≤ ${ms(maxMs)}) over ${streams.length} streams`,
    );
  return verdict(
    id,
    false,
    worst,
    maxMs,
    `expected no gap between chunks over ${ms(maxMs)}; ${over.length} streams stalled longer: ${offenders(over)}`,
  );
};
