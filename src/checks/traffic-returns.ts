import { z } from 'zod';
import type { HistoryRecord } from '../history/history.ts';
import type { Checker } from './check.ts';
import { durationMs, providerName } from './option-schemas.ts';
import { ms, offenders, verdict } from './verdict.ts';

export const trafficReturnsOptions = z.strictObject({
  provider: providerName,
  /** Most ms from the end of the last fault window on the provider until it serves a request again. */
  withinMs: durationMs,
});
export type TrafficReturnsOptions = z.infer<typeof trafficReturnsOptions>;

/**
 * After the last fault window targeting the provider ends, the provider serves a request again
 * within `withinMs`. Measured: from the window's end to the start of the serving attempt of the
 * earliest-served ok request that was invoked after the window ended, and served by the provider.
 *
 * @example trafficReturns(history, { provider: 'openai', withinMs: 6000 }, ctx)
 */
export const trafficReturns: Checker<TrafficReturnsOptions> = (history, { provider, withinMs }) => {
  const id = 'traffic-returns';
  const windows = history.faults.filter((f) => f.target === provider);
  if (windows.length === 0) {
    return verdict(
      id,
      false,
      null,
      withinMs,
      `vacuous: no fault window targets ${provider}, so there is nothing for traffic to return from`,
    );
  }
  const open = windows.find((w) => w.endMs === undefined);
  if (open !== undefined) {
    return verdict(
      id,
      false,
      null,
      withinMs,
      `vacuous: fault ${open.index} (${open.kind} on ${provider}) lasts until the scenario ends, so traffic cannot return to ${provider}`,
    );
  }
  const endedAt = Math.max(...windows.map((w) => w.endMs!));
  const after = history.records.filter((r) => r.invokeMs >= endedAt);
  let first: { record: HistoryRecord; at: number } | undefined;
  for (const r of after) {
    if (r.completion !== 'ok' || r.servedBy !== provider) continue;
    const at = servedAt(r, provider);
    if (first === undefined || at < first.at) first = { record: r, at };
  }
  const since = `after the last fault on ${provider} ended at ${ms(endedAt)}`;
  if (first === undefined) {
    const elsewhere = offenders(after.map((r) => `#${r.index} ${r.servedBy ?? r.completion}`));
    return verdict(
      id,
      false,
      null,
      withinMs,
      `expected ${provider} to serve again within ${ms(withinMs)} ${since}; it never did (${after.length} requests after it${after.length > 0 ? `: ${elsewhere}` : ''})`,
    );
  }
  const delay = Math.max(0, first.at - endedAt);
  if (delay <= withinMs) {
    return verdict(
      id,
      true,
      delay,
      withinMs,
      `${provider} served #${first.record.index} ${ms(delay)} ${since}, within ${ms(withinMs)}`,
    );
  }
  const before = offenders(
    after
      .filter((r) => r.invokeMs < first.record.invokeMs)
      .map((r) => `#${r.index} ${r.servedBy ?? r.completion}`),
  );
  return verdict(
    id,
    false,
    delay,
    withinMs,
    `expected ${provider} to serve again within ${ms(withinMs)} ${since}; the first was #${first.record.index}, ${ms(delay)} later${before ? `; before it: ${before}` : ''}`,
  );
};

/** When the serving attempt began: the provider's ok attempt, else the request's end. */
function servedAt(r: HistoryRecord, provider: string): number {
  const serving = r.attempts.findLast((a) => a.provider === provider && a.outcome === 'ok');
  return serving === undefined ? r.endMs : serving.startMs;
}
