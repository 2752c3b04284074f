import { z } from 'zod';
import type { History } from '../history/history.ts';
import type { AttemptRecord } from '../router/errors.ts';
import type { Checker } from './check.ts';
import { count, providerName } from './option-schemas.ts';
import { ms, notApplicable, offenders, verdict } from './verdict.ts';

export const breakerOpensOptions = z.strictObject({
  provider: providerName,
  /** The breaker must open after at most this many consecutive failed attempts. */
  withinFailures: count(1),
});
export type BreakerOpensOptions = z.infer<typeof breakerOpensOptions>;

interface Outcome {
  request: number;
  start: number;
  end: number;
  failed: boolean;
}

/**
 * The provider's circuit breaker opened after at most `withinFailures` consecutive failed attempts.
 * Read from the history alone: the breaker opened at its first `open` event or, failing that, when
 * the first request skipped the provider; the measure is the run of consecutive failed attempts to
 * the provider (in the order they ended, which is the order a breaker counts them; a success resets
 * the run) up to that moment. Fails when the breaker opened late, when it never opened although
 * more than k failures ran in a row, and, as vacuous, when the failures never reached k.
 *
 * @example breakerOpens(history, { provider: 'openai', withinFailures: 5 }, ctx)
 */
export const breakerOpens: Checker<BreakerOpensOptions> = (history, { provider, withinFailures: k }) => {
  const id = 'breaker-opens';
  const reportsBreaker =
    history.events.some((e) => e.type === 'breaker') || history.records.some((r) => r.skipped.length > 0);
  if (history.attemptSource === 'upstream' && !reportsBreaker) {
    return notApplicable(
      id,
      `a black box reports neither breaker events nor skipped providers, so when ${provider}'s breaker opened cannot be told (breaker-like judges the same from the upstream record)`,
    );
  }
  const outcomes = outcomesOf(history, provider);
  const openedAt = openingTime(history, provider);
  if (openedAt === undefined) {
    const longest = longestRun(outcomes);
    const requests = offenders(longest.map((o) => `#${o.request}`));
    if (longest.length > k) {
      return verdict(
        id,
        false,
        longest.length,
        k,
        `expected ${provider}'s breaker to open within ${k} consecutive failures; it never opened though ${longest.length} failed in a row (requests ${requests})`,
      );
    }
    return verdict(
      id,
      false,
      longest.length,
      k,
      `vacuous: ${provider}'s breaker never opened, and at most ${longest.length} attempts to it failed in a row, fewer than the ${k} that should open it`,
    );
  }
  // One ms of slack: attempt ends (start + duration) and event times may be rounded apart.
  const before = outcomes.filter((o) => o.end <= openedAt + 1);
  const run = trailingRun(before);
  const when = `opened at ${ms(openedAt)}`;
  if (run.length <= k) {
    return verdict(
      id,
      true,
      run.length,
      k,
      `${provider}'s breaker ${when} after ${run.length} consecutive failures, within ${k}`,
    );
  }
  // What the breaker could have stopped: attempts that began after the k-th failure ended. Attempts
  // already in flight then (concurrent requests) fail after it, but no breaker can recall them.
  const kth = run[k - 1]!.end;
  const admitted = run.slice(k).filter((o) => o.start > kth + 1);
  const inFlight = run.length - k - admitted.length;
  const measured = k + admitted.length;
  if (admitted.length === 0) {
    return verdict(
      id,
      true,
      k,
      k,
      `${provider}'s breaker ${when}; no attempt began after consecutive failure ${k} had ended (${inFlight} already in flight then failed too)`,
    );
  }
  const late = offenders(admitted.map((o) => `#${o.request}`));
  return verdict(
    id,
    false,
    measured,
    k,
    `expected ${provider}'s breaker to open within ${k} consecutive failures; it ${when}, and ${admitted.length} attempt(s) began after consecutive failure ${k} had ended, by requests ${late}`,
  );
};

/**
 * Every attempt to the provider that moves its breaker, in the order they ended. A losing hedge or an
 * abort (`cancelled`), the caller's bad request and the router's own load shedding move none.
 */
function outcomesOf(history: History, provider: string): Outcome[] {
  const list: Outcome[] = [];
  for (const r of history.records) {
    for (const a of r.attempts) {
      if (a.provider !== provider || !movesBreaker(a)) continue;
      list.push({ request: r.index, start: a.startMs, end: a.startMs + a.ms, failed: a.outcome !== 'ok' });
    }
  }
  return list.sort((a, b) => a.end - b.end);
}

/** When the breaker first opened: its first `open` event, else when a request first skipped the provider. */
function openingTime(history: History, provider: string): number | undefined {
  const event = history.events.find(
    (e) => e.type === 'breaker' && e.provider === provider && e.to === 'open',
  );
  let skippedAt: number | undefined;
  for (const r of history.records) {
    if (!r.skipped.includes(provider)) continue;
    // A request that tried the provider before skipping it skipped it after that attempt ended.
    const own = r.attempts.filter((a) => a.provider === provider).map((a) => a.startMs + a.ms);
    const at = Math.max(r.invokeMs, ...own);
    if (skippedAt === undefined || at < skippedAt) skippedAt = at;
  }
  if (event === undefined) return skippedAt;
  return skippedAt === undefined ? event.atMs : Math.min(event.atMs, skippedAt);
}

function movesBreaker(a: AttemptRecord): boolean {
  return a.outcome !== 'cancelled' && a.outcome !== 'bad-request' && a.detail !== 'shed';
}

function trailingRun(outcomes: readonly Outcome[]): Outcome[] {
  let start = outcomes.length;
  while (start > 0 && outcomes[start - 1]!.failed) start--;
  return outcomes.slice(start);
}

function longestRun(outcomes: readonly Outcome[]): Outcome[] {
  let best = { start: 0, length: 0 };
  let start = 0;
  outcomes.forEach((o, i) => {
    if (!o.failed) start = i + 1;
    else if (i + 1 - start > best.length) best = { start, length: i + 1 - start };
  });
  return outcomes.slice(best.start, best.start + best.length);
}
