import type { CheckResult } from './check.ts';

/** Builds a checker's result. */
export function verdict(
  id: string,
  pass: boolean,
  measured: unknown,
  threshold: unknown,
  message: string,
): CheckResult {
  return { id, verdict: pass ? 'pass' : 'fail', measured, threshold, message };
}

/** A check this system cannot be held to, and why (never a failure). */
export function notApplicable(id: string, reason: string): CheckResult {
  return {
    id,
    verdict: 'not-applicable',
    measured: null,
    threshold: null,
    message: `not applicable: ${reason}`,
  };
}

/** A bound that encodes the reference router's `policy`, which a black box need not share. */
export function referenceOnly(id: string, policy: string): CheckResult {
  return notApplicable(
    id,
    `this bound is the reference router's policy (${policy}); a black box may choose otherwise, and the scenario's policy-neutral checks judge it`,
  );
}

/**
 * Names a few offenders and counts the rest, so that a message stays one line.
 *
 * @example offenders(['#3', '#7', '#9', '#12', '#15']) // '#3, #7, #9 and 2 more'
 */
export function offenders(items: readonly string[], most = 3): string {
  const shown = items.slice(0, most).join(', ');
  return items.length > most ? `${shown} and ${items.length - most} more` : shown;
}

/** A duration for a message: whole ms from 10 ms up, one decimal below. */
export function ms(value: number): string {
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ms`;
}

/** A fraction as a percentage for a message, e.g. 0.9951 → '99.51%'. */
export function percent(fraction: number): string {
  return `${Math.round(fraction * 10_000) / 100}%`;
}
