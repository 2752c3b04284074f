import { z } from 'zod';
import type { Checker } from './check.ts';
import { fraction } from './option-schemas.ts';
import { offenders, percent, verdict } from './verdict.ts';

export const availabilityOptions = z.strictObject({
  /** The least fraction of requests that must complete ok. */
  min: fraction,
});
export type AvailabilityOptions = z.infer<typeof availabilityOptions>;

/**
 * The fraction of requests whose completion is ok.
 *
 * @example availability(history, { min: 0.99 }, ctx) // pass when ≥ 99% of requests succeeded
 */
export const availability: Checker<AvailabilityOptions> = (history, { min }) => {
  const id = 'availability';
  const n = history.records.length;
  if (n === 0)
    return verdict(id, false, null, min, 'no request in the history: availability cannot be measured');
  const notOk = history.records.filter((r) => r.completion !== 'ok');
  const measured = (n - notOk.length) / n;
  const seen = `${percent(measured)} (${n - notOk.length}/${n})`;
  if (measured >= min)
    return verdict(id, true, measured, min, `${seen} of requests ok, at least ${percent(min)} required`);
  const list = offenders(notOk.map((r) => `#${r.index} ${r.completion}${r.error ? ` ${r.error.code}` : ''}`));
  return verdict(
    id,
    false,
    measured,
    min,
    `expected at least ${percent(min)} of requests ok, saw ${seen}; not ok: ${list}`,
  );
};
