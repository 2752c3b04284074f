import type { Verdict } from '../checks/check.ts';
import type { Grade } from '../checks/grade.ts';

/** The shape of `report diff`'s result (diff.ts computes it; the renderers and load/diff.ts read it). */

export interface DiffOptions {
  /** A quantile moved when it changed by more than this fraction of the base value (default 0.2). */
  tolerance?: number;
  /** ...and by more than this many ms (default 5): sub-millisecond noise is not a regression. */
  minDeltaMs?: number;
}

export const DEFAULT_TOLERANCE = 0.2;
export const DEFAULT_MIN_DELTA_MS = 5;

/** How one thing compares between the base and the head report. */
export type Change = 'regressed' | 'improved' | 'unchanged' | 'added' | 'removed';

export interface CheckDiff {
  id: string;
  base?: Verdict;
  head?: Verdict;
  change: Change;
  /** A check that passed and now fails, or a new check that fails. */
  regression: boolean;
  /** The head's message (the base's for a removed check). */
  message: string;
  measured: { base?: unknown; head?: unknown };
  threshold: unknown;
}

export type Metric = 'latency' | 'failover latency';

export interface QuantileDiff {
  metric: Metric;
  quantile: 'p95' | 'p99';
  base: number | null;
  head: number | null;
  /** (head - base) / base; null when either side was not measured. */
  relative: number | null;
  change: 'slower' | 'faster' | 'same' | 'unmeasured';
  regression: boolean;
}

export interface ScenarioDiff {
  id: string;
  backend: string;
  title: string;
  base?: Verdict;
  head?: Verdict;
  /** The scenario's verdict change; `added` and `removed` when it ran on one side only. */
  change: Change;
  /** A verdict pass→fail, a new failing scenario, a check regression or a quantile beyond tolerance. */
  regression: boolean;
  improvement: boolean;
  checks: CheckDiff[];
  quantiles: QuantileDiff[];
  /** One line each: what regressed or improved. */
  notes: string[];
  /** The graded outcomes, where the reports carry them; a grade that worsens is a regression. */
  baseGrade?: Grade;
  headGrade?: Grade;
}

export interface RunSummary {
  version: string;
  startedAt: string;
  seed: number;
  gitCommit?: string;
  scenarios: number;
  failed: number;
}

export interface ReportDiff {
  base: RunSummary;
  head: RunSummary;
  tolerance: number;
  minDeltaMs: number;
  /** Regressions first, then new failures, improvements, removed, added, unchanged. */
  scenarios: ScenarioDiff[];
  /** Scenario runs with at least one regression. */
  regressions: number;
  improvements: number;
  removed: number;
  added: number;
}
