import { z } from 'zod';
import type { Checker } from './check.ts';
import { durationMs } from './option-schemas.ts';
import { ms, notApplicable, offenders, verdict } from './verdict.ts';

export const noOrphanAttemptsOptions = z.strictObject({
  /** How long after the caller's request ended an upstream connection may stay open (default 1000 ms). */
  graceMs: durationMs.optional(),
});
export type NoOrphanAttemptsOptions = z.infer<typeof noOrphanAttemptsOptions>;

/** The most event-loop lag the grace grows by: past it, a late close is late whatever the load. */
export const MAX_LAG_ALLOWANCE_MS = 2000;

/**
 * No orphan attempts: once the caller's request ended (answered, failed, or the caller gave up), no
 * upstream attempt for it starts, and every attempt still open closes, within `graceMs` plus the
 * event-loop lag measured during the run (capped at 2 s): the fake provider's times come from the
 * runner's loop, so under load they are late by that lag, and a constant grace raised false alarms.
 * An attempt still open when the record was read fails whatever the lag. Read from the upstream
 * record (the provider's side of the connection); not applicable without one.
 *
 * @example noOrphanAttempts(history, { graceMs: 500 }, ctx)
 */
export const noOrphanAttempts: Checker<NoOrphanAttemptsOptions> = (history, options) => {
  const id = 'no-orphan-attempts';
  const lagMs = Math.min(Math.max(0, history.loopLagMs ?? 0), MAX_LAG_ALLOWANCE_MS);
  const graceMs = Math.round((options.graceMs ?? 1000) + lagMs);
  const allowance = lagMs > 0 ? ` (${ms(options.graceMs ?? 1000)} + ${ms(lagMs)} event-loop lag)` : '';
  if (history.upstream === undefined)
    return notApplicable(id, 'the backend keeps no upstream record, so upstream connections cannot be seen');
  // Late starts are judged on every backend; closes only where the backend can see one.
  const closeUnseen = history.upstream.callerCloseUnseen;
  const judged = closeUnseen === undefined ? 'began before and closed within' : 'began within';
  const unseenNote = closeUnseen === undefined ? '' : ` (closes not judged: ${closeUnseen})`;
  const tagged = history.records.filter((r) => r.upstream !== undefined);
  const attempts = tagged.reduce((n, r) => n + (r.upstream?.length ?? 0), 0);
  if (attempts === 0)
    return verdict(
      id,
      false,
      null,
      graceMs,
      'vacuous: no request reached a provider, so no attempt could be orphaned',
    );
  const late: string[] = [];
  const open: string[] = [];
  let worst = 0;
  for (const r of tagged) {
    for (const a of r.upstream ?? []) {
      const where = `#${r.index} → ${a.provider}#${a.seq}`;
      // The same grace for a late start: a request the gateway sent (and gave up on) before its caller
      // left can sit in the socket and reach the provider a little later on a loaded machine.
      if (a.startMs > r.endMs + graceMs) {
        late.push(`${where} began ${ms(a.startMs - r.endMs)} after the caller's request ended`);
        worst = Math.max(worst, a.startMs - r.endMs);
        continue;
      }
      if (closeUnseen !== undefined) continue;
      const closedAt = a.endMs ?? Number.POSITIVE_INFINITY;
      if (closedAt > r.endMs + graceMs) {
        const still =
          a.endMs === undefined
            ? 'was still open when the record was read'
            : `closed ${ms(closedAt - r.endMs)} after`;
        open.push(`${where} ${still}${a.endMs === undefined ? '' : ' the request ended'}`);
        worst = Math.max(worst, a.endMs === undefined ? graceMs + 1 : closedAt - r.endMs);
      }
    }
  }
  if (late.length === 0 && open.length === 0) {
    return verdict(
      id,
      true,
      0,
      graceMs,
      `all ${attempts} upstream attempts ${judged} ${ms(graceMs)}${allowance} of their request's end${unseenNote}`,
    );
  }
  const parts: string[] = [];
  if (late.length > 0) parts.push(`${late.length} began after the caller left: ${offenders(late, 2)}`);
  if (open.length > 0)
    parts.push(`${open.length} stayed open past ${ms(graceMs)}${allowance}: ${offenders(open, 2)}`);
  return verdict(
    id,
    false,
    Math.round(worst),
    graceMs,
    `expected no upstream attempt after the caller left; ${parts.join('; ')}`,
  );
};
