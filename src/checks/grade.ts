import type { History } from '../history/history.ts';
import type { CheckResult } from './check.ts';

/**
 * A scenario run's graded outcome, best first:
 * - `pass`: served, every check clean;
 * - `degraded`: served, an advisory check failed (e.g. a slow but bounded failover);
 * - `safe`: nothing served, but every request ended in a bounded, typed error the caller can act on;
 * - `fail`: a required check or a property failed, a request hung (the runner's own timeout ended it),
 *   or nothing was served and some failure was untyped.
 */
export type Grade = 'pass' | 'degraded' | 'safe' | 'fail';

export const GRADES: readonly Grade[] = ['pass', 'degraded', 'safe', 'fail'];

/** The outcome a scenario calls ideal: what a well-behaved system gets. */
export type IdealGrade = Exclude<Grade, 'fail'>;

/** Higher is worse. */
export function gradeRank(grade: Grade): number {
  return GRADES.indexOf(grade);
}

/** Error codes that say the caller was left without a typed answer. */
const UNTYPED = new Set(['untyped', 'client-timeout']);

export interface GradeInput {
  checks: readonly CheckResult[];
  /** Did any property check fail? */
  propertyFailed: boolean;
  history: Pick<History, 'records'>;
}

/** Grades a scenario run, with the one-line reason a reviewer reads. */
export function gradeRun({ checks, propertyFailed, history }: GradeInput): { grade: Grade; reason: string } {
  const failed = checks.filter((c) => c.verdict === 'fail');
  const required = failed.filter((c) => c.level !== 'advisory');
  if (required.length > 0)
    return { grade: 'fail', reason: `required check failed: ${required.map((c) => c.id).join(', ')}` };
  if (propertyFailed) return { grade: 'fail', reason: 'a property check failed' };
  const hung = history.records.filter((r) => r.error?.code === 'client-timeout');
  if (hung.length > 0)
    return { grade: 'fail', reason: `${hung.length} request(s) hung until the runner's own timeout` };
  const served = history.records.some((r) => r.completion === 'ok');
  if (served) {
    if (failed.length > 0)
      return { grade: 'degraded', reason: `advisory check failed: ${failed.map((c) => c.id).join(', ')}` };
    return { grade: 'pass', reason: 'served, every check clean' };
  }
  if (history.records.length === 0) return { grade: 'fail', reason: 'no request was sent' };
  // A stream cut after output is acceptable here only when the caller was told, with a typed error.
  const untyped = history.records.filter((r) => UNTYPED.has(r.error?.code ?? 'untyped'));
  if (untyped.length > 0)
    return {
      grade: 'fail',
      reason: `nothing served, and ${untyped.length} request(s) ended without a typed error`,
    };
  return { grade: 'safe', reason: 'nothing served; every request failed with a bounded, typed error' };
}
