import { z } from 'zod';
import type { Checker } from './check.ts';
import { fraction, providerName, referencePolicy } from './option-schemas.ts';
import { offenders, percent, referenceOnly, verdict } from './verdict.ts';

export const servedByOptions = z
  .strictObject({
    provider: providerName,
    min: fraction.optional(),
    max: fraction.optional(),
    /** The reference router's policy the share encodes: set, a black box is n/a (its own policy may differ). */
    referencePolicy: referencePolicy(),
  })
  .refine((o) => o.min !== undefined || o.max !== undefined, {
    error: 'must set min or max (each in the range [0, 1])',
  })
  .refine((o) => o.min === undefined || o.max === undefined || o.min <= o.max, {
    error: 'must be ≤ max',
    path: ['min'],
  });
export type ServedByOptions = z.infer<typeof servedByOptions>;

/**
 * The fraction of ok requests served by `provider` lies in [min, max]; e.g. a Hugging Face repo
 * gone while the primary is healthy leaves traffic unaffected: `{ provider: 'openai', min: 0.99 }`.
 *
 * @example servedBy(history, { provider: 'openai', min: 0.99 }, ctx)
 */
export const servedBy: Checker<ServedByOptions> = (history, { provider, min, max, referencePolicy }) => {
  const id = 'served-by';
  if (history.attemptSource === 'upstream' && referencePolicy !== undefined)
    return referenceOnly(id, referencePolicy);
  const threshold = { ...(min !== undefined && { min }), ...(max !== undefined && { max }) };
  const ok = history.records.filter((r) => r.completion === 'ok');
  if (ok.length === 0) {
    return verdict(
      id,
      false,
      null,
      threshold,
      `vacuous: no request completed ok, so no share for ${provider} can be measured`,
    );
  }
  const mine = ok.filter((r) => r.servedBy === provider).length;
  const measured = mine / ok.length;
  const range = [
    min !== undefined && `at least ${percent(min)}`,
    max !== undefined && `at most ${percent(max)}`,
  ]
    .filter(Boolean)
    .join(' and ');
  const seen = `${percent(measured)} (${mine}/${ok.length})`;
  if ((min === undefined || measured >= min) && (max === undefined || measured <= max)) {
    return verdict(
      id,
      true,
      measured,
      threshold,
      `${provider} served ${seen} of ok requests, ${range} expected`,
    );
  }
  const low = min !== undefined && measured < min;
  const examples = ok.filter((r) => (low ? r.servedBy !== provider : r.servedBy === provider));
  return verdict(
    id,
    false,
    measured,
    threshold,
    `expected ${provider} to serve ${range} of ok requests, saw ${seen}; ${low ? 'served elsewhere' : `served by ${provider}`}: ${offenders(examples.map((r) => `#${r.index}${low ? ` ${r.servedBy ?? '?'}` : ''}`))}`,
  );
};
