import { z } from 'zod';
import type { UpstreamAttemptRecord } from '../history/history.ts';
import type { Checker } from './check.ts';
import { offenders, verdict } from './verdict.ts';

/** Faults after which an upstream answer is not whole, though the provider wrote it to the end. */
const BREAKS_ANSWER = /stream-cut|malformed|stall|error-event|in-band/;
/** Fault variants that leave the answer whole (only the closing `[DONE]` is missing). */
const KEEPS_ANSWER = new Set(['stream-cut:complete-no-done']);

function breaksAnswer(fault: { kind: string; variant?: string }): boolean {
  if (fault.variant !== undefined && KEEPS_ANSWER.has(fault.variant)) return false;
  return BREAKS_ANSWER.test(fault.kind);
}

/** An upstream answer written whole and healthy: 2xx, to the end, with no fault that breaks it. */
function wholeAnswer(a: UpstreamAttemptRecord): boolean {
  return (
    a.end === 'complete' &&
    a.status !== undefined &&
    a.status < 300 &&
    (a.fault === undefined || !breaksAnswer(a.fault))
  );
}

/** How an upstream answer ended, in words: a fault that broke it says more than how the socket ended. */
function howItEnded(a: UpstreamAttemptRecord): string {
  if (a.fault !== undefined && breaksAnswer(a.fault)) return `broken by ${a.fault.variant ?? a.fault.kind}`;
  if (a.status !== undefined && a.status >= 300) return `answered ${a.status}`;
  return a.end;
}

export const streamIntegrityOptions = z.strictObject({});
export type StreamIntegrityOptions = z.infer<typeof streamIntegrityOptions>;

/**
 * Nothing silent: no stream counted ok lacks a finish_reason, and no stream ended cleanly (without
 * an error the caller saw) and without a finish_reason. Vacuous when the history has no stream.
 * Measured: the number of streams at fault.
 *
 * @example streamIntegrity(history, {}, ctx)
 */
export const streamIntegrity: Checker<StreamIntegrityOptions> = (history) => {
  const id = 'stream-integrity';
  const streams = history.records.filter((r) => r.stream);
  if (streams.length === 0) {
    return verdict(
      id,
      false,
      null,
      0,
      'vacuous: no streaming request in the history, so no stream could be checked',
    );
  }
  // Black-box view: an answer counted ok must come from an upstream answer that was written whole.
  const cut = streams
    .filter(
      (r) =>
        r.completion === 'ok' &&
        r.upstream !== undefined &&
        r.upstream.length > 0 &&
        !r.upstream.some(wholeAnswer),
    )
    .map(
      (r) =>
        `#${r.index} (ok, but ${r.upstream!.map((a) => `${a.provider}#${a.seq} ${howItEnded(a)}`).join(', ')})`,
    );
  const silent = streams
    .filter((r) => r.finishReason === undefined && (r.completion === 'ok' || r.error === undefined))
    .map(
      (r) =>
        `#${r.index} (${r.completion}${r.servedBy ? ` from ${r.servedBy}` : ''}, ${r.chunks ?? 0} chunks)`,
    );
  if (cut.length > 0) {
    const also =
      silent.length > 0
        ? `; ${silent.length} ended without a finish_reason or an error: ${offenders(silent)}`
        : '';
    return verdict(
      id,
      false,
      cut.length + silent.length,
      0,
      `expected every stream to end with a finish_reason or an error, and none counted complete unless its upstream answer was; ${cut.length} cut upstream were passed off as complete: ${offenders(cut)}${also}`,
    );
  }
  if (silent.length === 0) {
    return verdict(
      id,
      true,
      0,
      0,
      `all ${streams.length} streams ended with a finish_reason or an error the caller saw`,
    );
  }
  return verdict(
    id,
    false,
    silent.length,
    0,
    `expected every stream to end with a finish_reason or an error; ${silent.length} of ${streams.length} ended without either: ${offenders(silent)}`,
  );
};
