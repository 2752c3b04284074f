import { z } from 'zod';
import type { Checker } from './check.ts';
import { count, referencePolicy } from './option-schemas.ts';
import { notApplicable, offenders, referenceOnly, verdict } from './verdict.ts';

export const attemptsPerRequestOptions = z.strictObject({
  /** Most attempts one request may make, hedges and cancelled ones included (default: the policy's maxAttempts). */
  max: count(1).optional(),
  /** The reference router's policy `max` encodes: set, a black box is n/a (its own policy may differ). */
  referencePolicy: referencePolicy(),
});
export type AttemptsPerRequestOptions = z.infer<typeof attemptsPerRequestOptions>;

/**
 * No request made more attempts (every attempt counts: retries, failovers, hedges, cancelled)
 * than the policy allows.
 *
 * @example attemptsPerRequest(history, {}, ctx) // bound: ctx.policy.maxAttempts
 */
export const attemptsPerRequest: Checker<AttemptsPerRequestOptions> = (history, options, ctx) => {
  const id = 'attempts-per-request';
  const max = options.max ?? ctx.policy.maxAttempts;
  if (history.attemptSource === 'none') {
    return notApplicable(
      id,
      'the system reports no attempts and the backend keeps no upstream record, so attempts cannot be counted',
    );
  }
  if (history.attemptSource === 'upstream' && options.referencePolicy !== undefined)
    return referenceOnly(id, options.referencePolicy);
  let most = 0;
  for (const r of history.records) most = Math.max(most, r.attempts.length);
  if (history.records.length > 0 && most === 0) {
    return verdict(
      id,
      false,
      null,
      max,
      'vacuous: no request reported any attempt (a black-box gateway? send x-brownout-route headers, or drop this check)',
    );
  }
  const over = history.records
    .filter((r) => r.attempts.length > max)
    .sort((a, b) => b.attempts.length - a.attempts.length)
    .map((r) => `#${r.index} ${r.attempts.length} (${r.attempts.map((a) => a.provider).join(', ')})`);
  if (over.length === 0) {
    return verdict(id, true, most, max, `at most ${most} attempts per request, within the limit of ${max}`);
  }
  return verdict(
    id,
    false,
    most,
    max,
    `expected at most ${max} attempts per request, saw up to ${most} in ${over.length} requests: ${offenders(over)}`,
  );
};
