import { cpus } from 'node:os';
import { GRADES, type Grade } from '../checks/grade.ts';
import type { RunReport, ScenarioReport } from './model.ts';

/** What a suite run hands the report: its scenario reports, what it left out, and where it ran. */
export interface SuiteOutcome {
  /** brownout's version. */
  version: string;
  startedAt: Date;
  /** Wall time of the whole suite, ms (rounded in the report). */
  durationMs: number;
  seed: number;
  reports: ScenarioReport[];
  skipped: NonNullable<RunReport['skipped']>;
  /** The command line that ran the suite. */
  command: string;
  gitCommit?: string;
}

/** The run report: a summary over the scenario reports, the reports themselves, and the environment. */
export function buildRunReport(outcome: SuiteOutcome): RunReport {
  const { reports, skipped } = outcome;
  const failed = reports.filter((r) => r.verdict === 'fail').length;
  return {
    schemaVersion: '1',
    tool: { name: 'brownout', version: outcome.version },
    startedAt: outcome.startedAt.toISOString(),
    durationMs: Math.round(outcome.durationMs),
    seed: outcome.seed,
    summary: {
      scenarios: reports.length,
      passed: reports.length - failed,
      failed,
      skipped: skipped.length,
      grades: gradeCounts(reports),
    },
    scenarios: reports,
    ...(skipped.length > 0 ? { skipped } : {}),
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: cpus().length,
      ...(outcome.gitCommit ? { gitCommit: outcome.gitCommit } : {}),
      command: outcome.command,
    },
  };
}

/** Scenario runs per grade, in the order best to worst (grades absent from the run are left out). */
function gradeCounts(reports: readonly ScenarioReport[]): Partial<Record<Grade, number>> {
  const counts: Partial<Record<Grade, number>> = {};
  for (const grade of GRADES) {
    const n = reports.filter((r) => r.grade === grade).length;
    if (n > 0) counts[grade] = n;
  }
  return counts;
}
