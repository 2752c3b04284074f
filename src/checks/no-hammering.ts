import { z } from 'zod';
import type { History } from '../history/history.ts';
import type { Checker } from './check.ts';
import { count, durationMs, providerName } from './option-schemas.ts';
import { ms, notApplicable, verdict } from './verdict.ts';

export const noHammeringOptions = z.strictObject({
  /** Only this provider (default: every provider). */
  provider: providerName.optional(),
  /** Most failed attempts on one provider within any window of `windowMs`. */
  max: count(1),
  windowMs: durationMs,
});
export type NoHammeringOptions = z.infer<typeof noHammeringOptions>;

/**
 * No hammering: a provider that keeps failing sees at most `max` failed attempts within any
 * `windowMs`, across all requests (policy-neutral: a breaker, a backoff or a budget all satisfy it).
 * Counted on the upstream record when there is one (it sees attempts no request reported), else on
 * the attempts the system reported. Vacuous when no attempt failed.
 *
 * @example noHammering(history, { provider: 'openai', max: 10, windowMs: 1000 }, ctx)
 */
export const noHammering: Checker<NoHammeringOptions> = (history, { provider, max, windowMs }) => {
  const id = 'no-hammering';
  const threshold = { max, windowMs };
  const failures = failedStarts(history, provider);
  if (failures === undefined)
    return notApplicable(id, 'no attempts are known (no upstream record, none reported)');
  let worst = { provider: '', count: 0, at: 0 };
  for (const [name, starts] of failures) {
    let lo = 0;
    for (let hi = 0; hi < starts.length; hi++) {
      while (starts[hi]! - starts[lo]! > windowMs) lo++;
      if (hi - lo + 1 > worst.count) worst = { provider: name, count: hi - lo + 1, at: starts[lo]! };
    }
  }
  const scope = provider ?? 'any provider';
  if (worst.count === 0)
    return verdict(
      id,
      false,
      null,
      threshold,
      `vacuous: no attempt on ${scope} failed, so hammering was never possible`,
    );
  const seen = `${worst.count} failed attempts on ${worst.provider} within ${ms(windowMs)} from ${ms(worst.at)}`;
  if (worst.count <= max) return verdict(id, true, worst.count, threshold, `at most ${seen}, within ${max}`);
  return verdict(
    id,
    false,
    worst.count,
    threshold,
    `expected at most ${max} failed attempts on ${scope} per ${ms(windowMs)}; saw ${seen}`,
  );
};

function failedStarts(history: History, only: string | undefined): Map<string, number[]> | undefined {
  const out = new Map<string, number[]>();
  const add = (provider: string, start: number) => {
    if (only !== undefined && provider !== only) return;
    const list = out.get(provider) ?? [];
    list.push(start);
    out.set(provider, list);
  };
  if (history.upstream !== undefined) {
    for (const a of history.upstream.attempts) {
      if (a.operation !== 'chat') continue;
      const failed = a.status === undefined || a.status >= 400 || a.end === 'reset';
      if (failed) add(a.provider, a.startMs);
    }
  } else if (history.records.some((r) => r.attempts.length > 0)) {
    for (const r of history.records)
      for (const a of r.attempts)
        if (a.outcome !== 'ok' && a.outcome !== 'cancelled') add(a.provider, a.startMs);
  } else return undefined;
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}
