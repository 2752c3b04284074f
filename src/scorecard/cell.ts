import type { ScenarioReport } from '../report/model.ts';
import { type Cell, type CellResult, GRADES, type Grade } from './model.ts';

/** The provider brownout's suite treats as primary; every other provider that served is a fallback. */
export const PRIMARY_PROVIDER = 'openai';

/** Worst last: a cell with several runs (one per backend) shows its worst. */
const SEVERITY: Record<CellResult, number> = { 'not-run': -1, pass: 0, degraded: 1, safe: 2, fail: 3 };

/**
 * The grade a scenario run carries in its JSON report, or undefined when the report predates
 * grades. Nothing is derived: a report without `grade` keeps its verdict.
 */
export function gradeOf(run: ScenarioReport): Grade | undefined {
  const grade = (run as ScenarioReport & { grade?: unknown }).grade;
  return typeof grade === 'string' && (GRADES as readonly string[]).includes(grade)
    ? (grade as Grade)
    : undefined;
}

/** What the providers served in a run; null when the system said nothing about who served. */
export function attemptsOf(run: ScenarioReport): Cell['attempts'] {
  let primary = 0;
  let fallback = 0;
  for (const [provider, n] of Object.entries(run.stats.servedBy)) {
    if (provider === PRIMARY_PROVIDER) primary += n;
    else fallback += n;
  }
  // A black box that served requests but named no provider: unknown, not "zero attempts".
  if (primary + fallback === 0 && run.stats.succeeded > 0) return null;
  return { primary, fallback, source: 'servedBy' };
}

/**
 * One cell of the scorecard: the runs of one scenario in one system's report (one per backend).
 * `reportHref` is the run's HTML report relative to the scorecard; `indexOf` gives each run's
 * position in its report (the HTML report's anchor is `#s-<index>`).
 *
 * @example cellOf('reference', runs, 'runs/reference/resilience-report.html', (r) => report.scenarios.indexOf(r))
 */
export function cellOf(
  system: string,
  runs: readonly ScenarioReport[],
  reportHref: string | undefined,
  indexOf: (run: ScenarioReport) => number,
): Cell {
  if (runs.length === 0)
    return {
      system,
      result: 'not-run',
      basis: 'none',
      runs: 0,
      attempts: null,
      requests: 0,
      succeeded: 0,
      durationMs: null,
    };
  const judged = runs.map((run) => {
    const grade = gradeOf(run);
    return { run, result: grade ?? run.verdict, basis: grade ? ('grade' as const) : ('verdict' as const) };
  });
  const worst = judged.reduce((a, b) => (SEVERITY[b.result] > SEVERITY[a.result] ? b : a));
  let attempts: Cell['attempts'] = null;
  for (const { run } of judged) {
    const a = attemptsOf(run);
    if (a === null) continue;
    attempts = attempts
      ? {
          primary: attempts.primary + a.primary,
          fallback: attempts.fallback + a.fallback,
          source: 'servedBy',
        }
      : a;
  }
  const cell: Cell = {
    system,
    result: worst.result,
    // One run without a grade makes the whole cell verdict-based: never mix the two silently.
    basis: judged.every((j) => j.basis === 'grade') ? 'grade' : 'verdict',
    runs: runs.length,
    attempts,
    requests: runs.reduce((n, r) => n + r.stats.requests, 0),
    succeeded: runs.reduce((n, r) => n + r.stats.succeeded, 0),
    durationMs: Math.max(...runs.map((r) => r.durationMs)),
  };
  if (reportHref !== undefined) cell.link = `${reportHref}#s-${indexOf(worst.run)}`;
  return cell;
}
