import { z } from 'zod';
import type { HistoryRecord } from '../history/history.ts';
import { integerInRange } from '../validation/numbers.ts';
import type { Checker } from './check.ts';
import { notApplicable, offenders, verdict } from './verdict.ts';

export const noRetryOnFatalOptions = z.strictObject({
  /** Statuses that no retry on the same provider can change (default 400, 401, 403, 404). */
  statuses: z
    .array(integerInRange(400, 499), { error: 'must be a list of 4xx statuses' })
    .min(1, { error: 'must list at least one status' })
    .optional(),
  /**
   * What may not be asked again: the same `provider` (default), or only the same `model` on it (a
   * bad request another model may take, e.g. a longer context); models are read from the upstream
   * record, so without one this falls back to the provider.
   */
  per: z.enum(['provider', 'model'], { error: 'must be "provider" or "model"' }).optional(),
});
export type NoRetryOnFatalOptions = z.infer<typeof noRetryOnFatalOptions>;

/**
 * An answer that retrying cannot change (bad credentials, a bad request, a missing model) is not
 * retried on the same provider within the same request: failing over or failing is fine, asking the
 * same provider again is not. Vacuous when no attempt got such an answer.
 *
 * @example noRetryOnFatal(history, {}, ctx)
 */
export const noRetryOnFatal: Checker<NoRetryOnFatalOptions> = (history, options) => {
  const id = 'no-retry-on-fatal';
  const statuses = options.statuses ?? [400, 401, 403, 404];
  if (history.attemptSource === 'none')
    return notApplicable(id, 'no attempts are known (no upstream record, none reported)');
  let fatal = 0;
  const retried: string[] = [];
  for (const r of history.records) {
    const dead = new Map<string, number>();
    for (const a of askedInOrder(r, options.per === 'model')) {
      const status = dead.get(a.target);
      if (status !== undefined) retried.push(`#${r.index} asked ${a.target} again after its ${status}`);
      if (a.status !== undefined && statuses.includes(a.status)) {
        fatal++;
        dead.set(a.target, a.status);
      }
    }
  }
  if (fatal === 0)
    return verdict(
      id,
      false,
      null,
      0,
      `vacuous: no attempt was answered ${statuses.join('/')}, so no retry of one was possible`,
    );
  if (retried.length === 0)
    return verdict(
      id,
      true,
      0,
      0,
      `none of ${fatal} answers ${statuses.join('/')} was retried on the same provider`,
    );
  return verdict(
    id,
    false,
    retried.length,
    0,
    `expected no retry on a provider after ${statuses.join('/')}; saw ${retried.length}: ${offenders(retried)}`,
  );
};

/** A request's attempts in the order they began, each named by what a retry would ask again. */
function askedInOrder(r: HistoryRecord, perModel: boolean): Array<{ target: string; status?: number }> {
  if (perModel && r.upstream !== undefined)
    return [...r.upstream]
      .sort((a, b) => a.startMs - b.startMs)
      .map((a) => ({ target: `${a.provider} (${a.model ?? 'model unknown'})`, status: a.status }));
  return [...r.attempts]
    .sort((a, b) => a.startMs - b.startMs)
    .map((a) => ({ target: a.provider, status: a.status }));
}
