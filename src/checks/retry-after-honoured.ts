import { z } from 'zod';
import type { AttemptRecord } from '../router/errors.ts';
import type { Checker } from './check.ts';
import { durationMs } from './option-schemas.ts';
import { ms, offenders, verdict } from './verdict.ts';

export const retryAfterHonouredOptions = z.strictObject({
  /** How early an attempt may start before the advertised reset without counting (default 5 ms). */
  toleranceMs: durationMs.optional(),
  /**
   * How long after an advertising answer another request's attempt may still start without
   * counting, because it was already on its way: from the upstream record the system may have sent
   * it before that answer reached it (default 100 ms); from a router's own record the answer's
   * arrival is its headers, and the wait is known only once its body was read (default 5 ms).
   * At most half the advertised wait. A retry of the same request gets no such allowance: it was
   * sent after its own answer came back.
   */
  inFlightMs: durationMs.optional(),
  /** Pass when no answer advertised a wait (default false: that makes the check vacuous). */
  allowNone: z.boolean({ error: 'must be true or false' }).optional(),
});
export type RetryAfterHonouredOptions = z.infer<typeof retryAfterHonouredOptions>;

/**
 * No attempt to a provider, by any request, starts after an answer from that provider that
 * advertised a wait (a 429 or 503 Retry-After, a loading model's estimated_time) arrived and before
 * that wait ran out (its end + retryAfterMs). Attempts already in flight when it arrived are fine. Load shedding (`detail: 'shed'`) is the router's
 * own and is not a provider's advertised reset.
 *
 * From the upstream record (a black box), times are the fake provider's: an answer leaves it, and
 * another request's attempt that the system sent before reading that answer can arrive just after.
 * Such an attempt is not a violation; `inFlightMs` bounds how long after the answer that race can
 * explain an arrival.
 *
 * @example retryAfterHonoured(history, { toleranceMs: 10 }, ctx)
 */
export const retryAfterHonoured: Checker<RetryAfterHonouredOptions> = (history, options) => {
  const id = 'retry-after-honoured';
  const toleranceMs = options.toleranceMs ?? 5;
  const upstream = history.attemptSource === 'upstream';
  const inFlightMs = options.inFlightMs ?? (upstream ? 100 : 5);
  const threshold = { earlyMs: 0, toleranceMs, inFlightMs };
  const byProvider = new Map<string, Array<{ request: number; attempt: AttemptRecord }>>();
  for (const r of history.records) {
    for (const attempt of r.attempts) {
      const list = byProvider.get(attempt.provider) ?? [];
      list.push({ request: r.index, attempt });
      byProvider.set(attempt.provider, list);
    }
  }
  let limits = 0;
  let worst = 0;
  const violations: string[] = [];
  for (const [provider, attempts] of byProvider) {
    const resets = attempts
      .filter(({ attempt: a }) => a.outcome !== 'ok' && a.retryAfterMs !== undefined && a.detail !== 'shed')
      .map(({ request, attempt: a }) => ({
        request,
        arrived: a.startMs + a.ms,
        reset: a.startMs + a.ms + a.retryAfterMs!,
        raceMs: Math.min(inFlightMs, a.retryAfterMs! / 2),
      }));
    limits += resets.length;
    for (const { request, attempt } of attempts) {
      const start = attempt.startMs;
      // The binding reset: the latest one among the advertised waits that had arrived when this attempt started.
      let binding: (typeof resets)[number] | undefined;
      for (const r of resets) {
        const knownBy = r.request === request ? r.arrived : r.arrived + r.raceMs;
        if (knownBy < start && (binding === undefined || r.reset > binding.reset)) binding = r;
      }
      if (binding === undefined || start >= binding.reset - toleranceMs) continue;
      worst = Math.max(worst, binding.reset - start);
      violations.push(
        `#${request} → ${provider} at ${ms(start)}, ${ms(binding.reset - start)} before the reset at ${ms(binding.reset)} (advertised to #${binding.request})`,
      );
    }
  }
  if (limits === 0) {
    const none = 'no answer advertised a wait (Retry-After, estimated_time)';
    return options.allowNone === true
      ? verdict(id, true, 0, threshold, `${none}: nothing to check (allowNone)`)
      : verdict(id, false, null, threshold, `vacuous: ${none}, so Retry-After was never put to the test`);
  }
  if (violations.length === 0) {
    return verdict(
      id,
      true,
      0,
      threshold,
      `no attempt started before its provider's Retry-After ran out (${limits} answers advertised a wait)`,
    );
  }
  return verdict(
    id,
    false,
    worst,
    threshold,
    `expected no attempt before a provider's Retry-After ran out, saw ${violations.length}: ${offenders(violations, 2)}`,
  );
};
