import { z } from 'zod';
import { ROUTER_ERROR_CODES } from '../router/errors.ts';
import type { Checker } from './check.ts';
import { durationMs } from './option-schemas.ts';
import { ms, offenders, verdict } from './verdict.ts';

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
});
export type FailFastOptions = z.infer<typeof failFastOptions>;

/**
 * When no provider can serve, requests fail fast with a reason: every failed request failed within
 * `maxMs` with a typed error code. Vacuous when no request failed. Measured: the slowest failure (ms).
 *
 * @example failFast(history, { maxMs: 500, codes: ['no-provider-available', 'all-providers-failed'] }, ctx)
 */
export const failFast: Checker<FailFastOptions> = (history, { maxMs, codes, includeIndeterminate }) => {
  const id = 'fail-fast';
  const allowed: readonly string[] = codes ?? ROUTER_ERROR_CODES;
  const threshold = { maxMs, codes: allowed };
  const failed = history.records.filter(
    (r) => r.completion === 'fail' || (includeIndeterminate === true && r.completion === 'info'),
  );
  if (failed.length === 0) {
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
  // A black box is judged by what any gateway gives: an HTTP error status with a body the SDK typed,
  // not by brownout's own codes.
  const blackBox = history.attemptSource === 'upstream';
  const typed = (r: (typeof failed)[number]) =>
    blackBox ? r.error?.status !== undefined && r.error.status >= 400 : allowed.includes(r.error?.code ?? '');
  const untyped = failed
    .filter((r) => r.error === undefined || !typed(r))
    .map((r) => `#${r.index} ${r.error === undefined ? 'no error' : `"${r.error.code}"`}`);
  if (slow.length === 0 && untyped.length === 0) {
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
        ? `${untyped.length} without an HTTP error status and body (black box): ${offenders(untyped)}`
        : `${untyped.length} without one of the codes ${allowed.join(', ')}: ${offenders(untyped)}`,
    );
  return verdict(
    id,
    false,
    slowest,
    threshold,
    `expected every failure within ${ms(maxMs)} with a typed code; ${parts.join('; ')}`,
  );
};
