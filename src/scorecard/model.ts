/**
 * The scorecard model (schemas/scorecard.schema.json, schemaVersion "1"): the same suite run
 * against several systems, scenario × system. Every renderer (JSON, Markdown, HTML) reads this;
 * none reads resilience reports or processes.
 */

/** A scenario run's grade, as the resilience report gives it (`grade` in the JSON report). */
export const GRADES = ['pass', 'degraded', 'safe', 'fail'] as const;
export type Grade = (typeof GRADES)[number];

/** How a system under test was given to the scorecard. */
export const SYSTEM_KINDS = ['reference', 'system', 'target', 'target-cmd'] as const;
export type SystemKind = (typeof SYSTEM_KINDS)[number];

/** What one cell shows: a grade, or a run's verdict when its report has no grade, or nothing run. */
export type CellResult = Grade | 'not-run';

export interface Cell {
  /** The system's id (its column). */
  system: string;
  result: CellResult;
  /**
   * Where `result` comes from: `grade` (the report's grade), `verdict` (the report predates
   * grades: pass/fail is its verdict, nothing derived), `none` (not run).
   */
  basis: 'grade' | 'verdict' | 'none';
  /** Runs of this scenario in the system's report (one per backend); the worst is shown. */
  runs: number;
  /**
   * What the providers served: `primary` (openai) and `fallback` (every other provider), from the
   * run's `stats.servedBy`; null when the system reports nothing about who served.
   */
  attempts: { primary: number; fallback: number; source: 'servedBy' } | null;
  requests: number;
  succeeded: number;
  /** End-to-end time of the scenario run (the longest, when there are several). */
  durationMs: number | null;
  /** Path of the run's HTML report, relative to the scorecard, with the scenario's anchor. */
  link?: string;
}

export interface ScorecardSystem {
  /** A short unique id, also its run folder under `runs/`. */
  id: string;
  /** The name shown in the column head. */
  name: string;
  kind: SystemKind;
  /** What was given: a file, a URL, a command ('' for the reference router). */
  spec: string;
  /** Package versions of the system, when known (e.g. from its package.json or requirements.txt). */
  versions: Record<string, string>;
  /** The `brownout run` command line that produced its report. */
  command: string;
  /** `brownout run`'s exit status (0 all passed, 1 a check failed, 2 bad usage, or null when killed). */
  exitCode: number | null;
  /** Why the system has no report, when it has none (the end of the run's own output). */
  error?: string;
  /** Path of the run's folder, relative to the scorecard. */
  outDir: string;
  /** Path of its HTML report, relative to the scorecard, when it wrote one. */
  report?: string;
  summary: Record<CellResult, number> & { byVerdict: number };
}

export interface ScorecardRow {
  scenario: { id: string; title: string };
  /** One cell per system, in the order of `systems`. */
  cells: Cell[];
}

export interface Scorecard {
  schemaVersion: '1';
  tool: { name: 'brownout'; version: string };
  createdAt: string;
  seed: number;
  durationMs: number;
  /** Scenario files given (empty: the default suite). */
  scenarioFiles: string[];
  systems: ScorecardSystem[];
  rows: ScorecardRow[];
  environment: { node: string; platform: string; arch: string; cpus: number; command: string };
}
