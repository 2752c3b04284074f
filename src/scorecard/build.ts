import type { RunReport } from '../report/model.ts';
import { cellOf } from './cell.ts';
import type { CellResult, Scorecard, ScorecardRow, ScorecardSystem } from './model.ts';

/** One system after its run: what it is, how the run went, and the report it wrote (if any). */
export interface SystemOutcome {
  system: Omit<ScorecardSystem, 'summary' | 'report'>;
  /** The run's resilience report, or undefined when the run wrote none. */
  report?: RunReport;
  /** The run's HTML report relative to the scorecard, when it wrote one. */
  reportHref?: string;
}

export interface BuildOptions {
  seed: number;
  version: string;
  createdAt: string;
  durationMs: number;
  scenarioFiles: string[];
  environment: Scorecard['environment'];
}

const emptySummary = (): ScorecardSystem['summary'] => ({
  pass: 0,
  degraded: 0,
  safe: 0,
  fail: 0,
  'not-run': 0,
  byVerdict: 0,
});

/**
 * The scorecard of several systems' reports: one row per scenario (in the order they first
 * appear), one cell per system, and per system a summary of its cells. A scenario one system did
 * not run is `not-run` in its column, never a pass.
 *
 * @example buildScorecard([{ system, report }], { seed: 1, version: '0.1.0', ... })
 */
export function buildScorecard(outcomes: readonly SystemOutcome[], options: BuildOptions): Scorecard {
  const titles = new Map<string, string>();
  for (const { report } of outcomes)
    for (const s of report?.scenarios ?? []) if (!titles.has(s.id)) titles.set(s.id, s.title);

  const rows: ScorecardRow[] = [...titles].map(([id, title]) => ({
    scenario: { id, title },
    cells: outcomes.map(({ system, report, reportHref }) => {
      const runs = report?.scenarios.filter((s) => s.id === id) ?? [];
      return cellOf(system.id, runs, reportHref, (run) => report?.scenarios.indexOf(run) ?? -1);
    }),
  }));

  const systems: ScorecardSystem[] = outcomes.map(({ system, reportHref }, column) => {
    const summary = emptySummary();
    for (const row of rows) {
      const cell = row.cells[column];
      if (!cell) continue;
      summary[cell.result as CellResult] += 1;
      if (cell.basis === 'verdict') summary.byVerdict += 1;
    }
    return { ...system, ...(reportHref ? { report: reportHref } : {}), summary };
  });

  return {
    schemaVersion: '1',
    tool: { name: 'brownout', version: options.version },
    createdAt: options.createdAt,
    seed: options.seed,
    durationMs: options.durationMs,
    scenarioFiles: options.scenarioFiles,
    systems,
    rows,
    environment: options.environment,
  };
}
