import { z } from 'zod';
import type { HistoryRecord } from '../history/history.ts';
import { ROUTER_ERROR_CODES } from '../router/errors.ts';
import type { Checker } from './check.ts';
import { durationMs, referencePolicy } from './option-schemas.ts';
import { ms, offenders, referenceOnly, verdict } from './verdict.ts';

export const failFastOptions = z.strictObject({
  /** Most ms a failed request may take. */
  maxMs: durationMs,
  /** The error codes a failure may carry (default: any RouterError code). */
  codes: z
    .array(z.string({ error: 'must be an error code, e.g. "no-provider-available"' }))
    .min(1, { error: 'must list at least one error code' })
    .optional(),
  /** Also hold indeterminate requests (a stream cut after output reached the caller) to the bound. */
  includeIndeterminate: z.boolean().optional(),
  /**
   * The provider's reason must reach the caller: each failure's error (code, body type or code,
   * message) mentions one of these texts, case-insensitively.
   */
  mentions: z
    .array(z.string({ error: 'must be a text, e.g. "context_length_exceeded"' }).min(1))
    .min(1, { error: 'must list at least one text' })
    .optional(),
  /**
   * Failing these requests at all is the reference router's policy: a black box that served every
   * request instead (failed them over) is n/a rather than vacuous.
   */
  referencePolicy: referencePolicy(),
});
export type FailFastOptions = z.infer<typeof failFastOptions>;

/**
 * When no provider can serve, requests fail fast with a reason: every failed request failed within
 * `maxMs` with a typed error: for the reference router (a system that reports its own attempts), one
 * of `codes`; for a black box, see `typedForCaller`. Vacuous when no request failed. Measured: the
 * slowest failure (ms).
 *
 * @example failFast(history, { maxMs: 500, codes: ['no-provider-available', 'all-providers-failed'] }, ctx)
 */
export const failFast: Checker<FailFastOptions> = (history, options) => {
  const { maxMs, codes, includeIndeterminate, mentions } = options;
  const id = 'fail-fast';
  const allowed: readonly string[] = codes ?? ROUTER_ERROR_CODES;
  const threshold = { maxMs, codes: allowed, ...(mentions === undefined ? {} : { mentions }) };
  // A black box is judged by what any system can give its caller, not by brownout's own codes.
  const blackBox = history.attemptSource === 'upstream';
  const failed = history.records.filter(
    (r) => r.completion === 'fail' || (includeIndeterminate === true && r.completion === 'info'),
  );
  if (failed.length === 0) {
    const allServed = history.records.length > 0 && history.records.every((r) => r.completion === 'ok');
    if (blackBox && allServed && options.referencePolicy !== undefined)
      return referenceOnly(id, options.referencePolicy);
    return verdict(
      id,
      false,
      null,
      threshold,
      'vacuous: no request failed, so failing fast was never put to the test',
    );
  }
  const slowest = Math.max(...failed.map((r) => r.latencyMs));
  const slow = failed
    .filter((r) => r.latencyMs > maxMs)
    .sort((a, b) => b.latencyMs - a.latencyMs)
    .map((r) => `#${r.index} ${ms(r.latencyMs)}`);
  const typed = (r: (typeof failed)[number]) =>
    blackBox ? typedForCaller(r.error) : allowed.includes(r.error?.code ?? '');
  const untyped = failed
    .filter((r) => r.error === undefined || !typed(r))
    // A black box's offender is named by what its caller got (the class); the router's by its code.
    .map((r) => {
      const said = blackBox ? (r.error?.name ?? r.error?.code) : r.error?.code;
      return `#${r.index} ${r.error === undefined ? 'no error' : `"${said}"`}`;
    });
  const lost =
    mentions === undefined
      ? []
      : failed
          .filter((r) => !mentionsAny(r.error, mentions))
          .map((r) => `#${r.index} "${(r.error?.message ?? 'no error').slice(0, 60)}"`);
  if (slow.length === 0 && untyped.length === 0 && lost.length === 0) {
    return verdict(
      id,
      true,
      slowest,
      threshold,
      `all ${failed.length} failures within ${ms(slowest)} (≤ ${ms(maxMs)}) with a typed code`,
    );
  }
  const parts = [];
  if (slow.length > 0) parts.push(`${slow.length} took longer than ${ms(maxMs)}: ${offenders(slow)}`);
  if (untyped.length > 0)
    parts.push(
      blackBox
        ? `${untyped.length} without an HTTP error status, an error body (type or code) or an error class of its own (black box): ${offenders(untyped)}`
        : `${untyped.length} without one of the codes ${allowed.join(', ')}: ${offenders(untyped)}`,
    );
  if (lost.length > 0)
    parts.push(
      `${lost.length} lost the provider's reason (none of ${mentions?.map((m) => `"${m}"`).join(', ')}): ${offenders(lost)}`,
    );
  return verdict(
    id,
    false,
    slowest,
    threshold,
    `expected every failure within ${ms(maxMs)} with a typed code; ${parts.join('; ')}`,
  );
};

/** JavaScript's own classes: they say what broke in the code, not why the request failed. */
const GENERIC_CLASSES = new Set([
  'Error',
  'TypeError',
  'SyntaxError',
  'RangeError',
  'ReferenceError',
  'EvalError',
  'URIError',
  'AggregateError',
  'Object',
  'DOMException',
]);

/**
 * Whether the caller of a black box got an error it can act on: an HTTP error status (≥ 400), an
 * error body's reason (a `type` or `code`, with a message: a gateway's JSON error, or the SSE error
 * event of a stream that broke after its 200), or an error class of its own (an SDK's `APIError`,
 * `APICallError`, a named `TimeoutError`). A bare `TypeError: terminated` (undici's socket closed
 * mid-body) or a `SyntaxError` from a half chunk is not: the caller cannot tell it from a bug. A hang
 * the runner ended (`client-timeout`) is not either.
 */
export function typedForCaller(error: HistoryRecord['error']): boolean {
  if (error === undefined || error.code === 'client-timeout') return false;
  if (error.status !== undefined && error.status >= 400) return true;
  const reason = error.reason;
  if ((reason?.type !== undefined || reason?.code !== undefined) && error.message.trim() !== '') return true;
  return error.name !== undefined && !GENERIC_CLASSES.has(error.name);
}

/** Whether the error's code, body reason or message mentions one of `texts` (case-insensitive). */
function mentionsAny(error: HistoryRecord['error'], texts: readonly string[]): boolean {
  if (error === undefined) return false;
  const said = [error.code, error.reason?.type, error.reason?.code, error.message].join('\n').toLowerCase();
  return texts.some((t) => said.includes(t.toLowerCase()));
}
