import { z } from 'zod';
import type { History, HistoryRecord } from '../history/history.ts';
import type { Checker } from './check.ts';
import { durationMs } from './option-schemas.ts';
import { ms, offenders, verdict } from './verdict.ts';

export const rateLimitSurfacedOptions = z.strictObject({
  /** How much earlier than the advertised reset the caller may be told to come back (default 50 ms). */
  toleranceMs: durationMs.optional(),
  /** The longest Retry-After the caller may be given (default: no bound). */
  maxRetryAfterMs: durationMs.optional(),
});
export type RateLimitSurfacedOptions = z.infer<typeof rateLimitSurfacedOptions>;

/** A wait a provider advertised: from when it was known (`arrived`) until when (`reset`). */
interface AdvertisedReset {
  provider: string;
  arrived: number;
  reset: number;
}

/**
 * When every provider is rate-limited, the caller is told so and told when to come back: every
 * failed request failed as a rate limit (status 429, or the code `rate-limited`) carrying a
 * Retry-After, and coming back after it would not be early: the request's end plus its Retry-After
 * is no earlier (beyond `toleranceMs`) than the soonest moment any provider said it would take
 * requests again, as advertised by answers that had arrived when the request ended (a provider with
 * no wait pending could serve at once, so it imposes nothing). A 500 "all providers failed", a 429
 * without Retry-After, or a Retry-After shorter than the providers' fail it. Read from the upstream
 * record when there is one (a black box), else from the attempts the system reported. Vacuous when
 * no request failed, or no provider advertised a wait.
 *
 * @example rateLimitSurfaced(history, { toleranceMs: 50 }, ctx)
 */
export const rateLimitSurfaced: Checker<RateLimitSurfacedOptions> = (history, options, ctx) => {
  const id = 'rate-limit-surfaced';
  const toleranceMs = options.toleranceMs ?? 50;
  const threshold = {
    toleranceMs,
    ...(options.maxRetryAfterMs === undefined ? {} : { maxRetryAfterMs: options.maxRetryAfterMs }),
  };
  const failed = history.records.filter((r) => r.completion === 'fail');
  if (failed.length === 0)
    return verdict(
      id,
      false,
      null,
      threshold,
      'vacuous: no request failed, so no rate limit reached the caller',
    );
  const resets = advertisedResets(history);
  if (resets.length === 0) {
    return verdict(
      id,
      false,
      null,
      threshold,
      'vacuous: no provider advertised a wait (Retry-After), so there was nothing to pass on',
    );
  }
  const providers = ctx.providers.length > 0 ? ctx.providers : history.providers;
  const notRateLimit: string[] = [];
  const noWait: string[] = [];
  const early: string[] = [];
  const tooLong: string[] = [];
  let shortest = Number.POSITIVE_INFINITY;
  for (const r of failed) {
    const error = r.error;
    if (!isRateLimit(r)) {
      notRateLimit.push(`#${r.index} ${error === undefined ? 'no error' : describe(error)}`);
      continue;
    }
    const wait = error?.retryAfterMs;
    if (wait === undefined) {
      noWait.push(`#${r.index}`);
      continue;
    }
    shortest = Math.min(shortest, wait);
    const soonest = soonestReopening(resets, providers, r.endMs);
    if (soonest !== undefined && r.endMs + wait < soonest - toleranceMs)
      early.push(`#${r.index} told ${ms(wait)}, the providers said ${ms(soonest - r.endMs)}`);
    if (options.maxRetryAfterMs !== undefined && wait > options.maxRetryAfterMs)
      tooLong.push(`#${r.index} ${ms(wait)}`);
  }
  const measured = Number.isFinite(shortest) ? shortest : null;
  const problems: string[] = [];
  if (notRateLimit.length > 0)
    problems.push(
      `${notRateLimit.length} failed as something other than a rate limit: ${offenders(notRateLimit)}`,
    );
  if (noWait.length > 0)
    problems.push(`${noWait.length} rate limits carried no Retry-After: ${offenders(noWait)}`);
  if (early.length > 0)
    problems.push(
      `${early.length} were told to come back before any provider would take them: ${offenders(early)}`,
    );
  if (tooLong.length > 0)
    problems.push(
      `${tooLong.length} were told to wait longer than ${ms(options.maxRetryAfterMs ?? 0)}: ${offenders(tooLong)}`,
    );
  if (problems.length === 0) {
    return verdict(
      id,
      true,
      measured,
      threshold,
      `all ${failed.length} failures were rate limits with a Retry-After no earlier than the providers' (shortest ${ms(shortest)})`,
    );
  }
  return verdict(
    id,
    false,
    measured,
    threshold,
    `expected every failure to be a rate limit with a usable Retry-After; ${problems.join('; ')}`,
  );
};

function isRateLimit(r: HistoryRecord): boolean {
  return (
    r.error?.status === 429 || r.error?.code === 'rate-limited' || r.error?.code === 'rate_limit_exceeded'
  );
}

function describe(error: NonNullable<HistoryRecord['error']>): string {
  return error.status === undefined ? `"${error.code}"` : `${error.status} "${error.code}"`;
}

/**
 * The soonest moment (scenario ms) any provider would take requests again, as known at `at`:
 * each provider's latest advertised reset that had arrived by then; a provider with none pending
 * could serve at once (undefined: no constraint).
 */
function soonestReopening(resets: readonly AdvertisedReset[], providers: readonly string[], at: number) {
  let soonest = Number.POSITIVE_INFINITY;
  for (const provider of providers) {
    let latest = Number.NEGATIVE_INFINITY;
    for (const r of resets)
      if (r.provider === provider && r.arrived <= at) latest = Math.max(latest, r.reset);
    if (latest <= at) return undefined;
    soonest = Math.min(soonest, latest);
  }
  return Number.isFinite(soonest) ? soonest : undefined;
}

/** Every wait a provider advertised on a failed chat answer: the upstream record's, else the reported attempts'. */
function advertisedResets(history: History): AdvertisedReset[] {
  if (history.upstream !== undefined) {
    return history.upstream.attempts
      .filter((a) => a.operation === 'chat' && a.advertisedWaitMs !== undefined && (a.status ?? 0) >= 400)
      .map((a) => {
        const arrived = a.endMs ?? a.startMs;
        return { provider: a.provider, arrived, reset: arrived + a.advertisedWaitMs! };
      });
  }
  const out: AdvertisedReset[] = [];
  for (const r of history.records)
    for (const a of r.attempts)
      if (a.outcome !== 'ok' && a.retryAfterMs !== undefined && a.detail !== 'shed') {
        const arrived = a.startMs + a.ms;
        out.push({ provider: a.provider, arrived, reset: arrived + a.retryAfterMs });
      }
  return out;
}
