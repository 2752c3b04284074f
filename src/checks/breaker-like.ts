import { z } from 'zod';
import type { Checker } from './check.ts';
import { fraction, providerName } from './option-schemas.ts';
import { ms, notApplicable, percent, verdict } from './verdict.ts';

export const breakerLikeOptions = z.strictObject({
  provider: providerName,
  /** Most share of the requests in the fault window's second half that may still reach the provider (default 0.5). */
  maxShare: fraction.optional(),
});
export type BreakerLikeOptions = z.infer<typeof breakerLikeOptions>;

/**
 * Breaker-like behaviour, judged from the attempts alone (a black box reports no breaker): while a
 * fault window on the provider lasts, attempts on it fall off (in the window's second half at most
 * `maxShare` of the requests invoked still reach it), and once the window ends, attempts on it
 * return (some request reaches it again). Policy-neutral: a breaker, a health check or a backoff
 * budget all pass. Vacuous with fewer than 4 requests in the window.
 *
 * @example breakerLike(history, { provider: 'openai', maxShare: 0.3 }, ctx)
 */
export const breakerLike: Checker<BreakerLikeOptions> = (history, { provider, maxShare = 0.5 }) => {
  const id = 'breaker-like';
  const threshold = { maxShare };
  if (history.attemptSource === 'none')
    return notApplicable(id, 'no attempts are known (no upstream record, none reported)');
  const window = history.faults.find((f) => f.target === provider);
  if (window === undefined)
    return verdict(id, false, null, threshold, `vacuous: no fault window targets ${provider}`);
  const endMs = window.endMs ?? history.durationMs;
  const inside = history.records.filter((r) => r.invokeMs >= window.startMs && r.invokeMs < endMs);
  if (inside.length < 4)
    return verdict(
      id,
      false,
      null,
      threshold,
      `vacuous: only ${inside.length} requests were invoked during fault ${window.index} on ${provider}`,
    );
  const late = inside.slice(Math.floor(inside.length / 2));
  const reaching = late.filter((r) => r.attempts.some((a) => a.provider === provider)).length;
  const share = reaching / late.length;
  const during = `${percent(share)} (${reaching}/${late.length}) of the requests in the second half of fault ${window.index} still reached ${provider}`;
  if (share > maxShare)
    return verdict(
      id,
      false,
      share,
      threshold,
      `expected attempts on a failing ${provider} to fall off; ${during}, more than ${percent(maxShare)}`,
    );
  if (window.endMs !== undefined) {
    const after = history.records.filter((r) => r.invokeMs >= endMs);
    const returned = after.some((r) => r.attempts.some((a) => a.provider === provider && a.startMs >= endMs));
    if (after.length > 0 && !returned)
      return verdict(
        id,
        false,
        share,
        threshold,
        `${during}, but none of the ${after.length} requests after it ended at ${ms(endMs)} reached ${provider} again`,
      );
  }
  return verdict(
    id,
    true,
    share,
    threshold,
    `attempts on ${provider} fell off: ${during}${window.endMs !== undefined ? ', and returned after it ended' : ''}`,
  );
};
