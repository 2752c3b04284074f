import type { CheckResult, Verdict } from '../checks/check.ts';
import { gradeRank } from '../checks/grade.ts';
import { BrownoutRangeError } from '../errors.ts';
import {
  type Change,
  type CheckDiff,
  DEFAULT_MIN_DELTA_MS,
  DEFAULT_TOLERANCE,
  type DiffOptions,
  type Metric,
  type QuantileDiff,
  type ReportDiff,
  type RunSummary,
  type ScenarioDiff,
} from './diff-model.ts';
import { formatMs, formatPercent, isMeasured, scenarioKey } from './format.ts';
import { diffLoadRuns } from './load/diff.ts';
import type { LatencySummary, RunReport, ScenarioReport } from './model.ts';

// The diff's types and defaults have their own module (load/diff.ts needs them too); re-exported here.
export * from './diff-model.ts';

const QUANTILES = ['p95', 'p99'] as const;
const METRICS: Array<[Metric, (s: ScenarioReport) => LatencySummary]> = [
  ['latency', (s) => s.stats.latencyMs],
  ['failover latency', (s) => s.stats.failoverLatencyMs],
];

/**
 * Compares two reports scenario by scenario (matched by id and backend) and check by check
 * (matched by id and position among checks of that id): verdicts that changed, scenarios new or
 * gone, and p95/p99 latency and failover latency that moved by more than the tolerance. A
 * regression is a check or scenario that passed and now fails, a new failing scenario or check,
 * or a quantile slower beyond the tolerance. A removed scenario is reported, not a regression.
 *
 * @example const diff = diffReports(base, head, { tolerance: 0.2 }); process.exitCode = diff.regressions ? 1 : 0;
 */
export function diffReports(base: RunReport, head: RunReport, options: DiffOptions = {}): ReportDiff {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const minDeltaMs = options.minDeltaMs ?? DEFAULT_MIN_DELTA_MS;
  if (!(tolerance >= 0))
    throw new BrownoutRangeError(
      'BROWNOUT_DIFF_OPTIONS',
      `tolerance must be 0 or more (a fraction, e.g. 0.2 for 20%), got ${tolerance}`,
    );
  if (!(minDeltaMs >= 0))
    throw new BrownoutRangeError('BROWNOUT_DIFF_OPTIONS', `minDeltaMs must be 0 or more, got ${minDeltaMs}`);
  const baseByKey = keyed(base.scenarios, scenarioKey);
  const headByKey = keyed(head.scenarios, scenarioKey);
  const keys = [...new Set([...headByKey.keys(), ...baseByKey.keys()])];
  const scenarios = keys.map((key) =>
    diffScenario(baseByKey.get(key), headByKey.get(key), tolerance, minDeltaMs),
  );
  // k6 load runs compare as rows of their own (backend `k6`).
  scenarios.push(...diffLoadRuns(base.load ?? [], head.load ?? [], tolerance, minDeltaMs));
  scenarios.sort((a, b) => rank(a) - rank(b));
  return {
    base: summaryOf(base),
    head: summaryOf(head),
    tolerance,
    minDeltaMs,
    scenarios,
    regressions: scenarios.filter((s) => s.regression).length,
    improvements: scenarios.filter((s) => s.improvement && !s.regression).length,
    removed: scenarios.filter((s) => s.change === 'removed').length,
    added: scenarios.filter((s) => s.change === 'added').length,
  };
}

function rank(s: ScenarioDiff): number {
  if (s.regression) return s.change === 'added' ? 1 : 0;
  if (s.improvement) return 2;
  if (s.change === 'removed') return 3;
  if (s.change === 'added') return 4;
  return 5;
}

function summaryOf(report: RunReport): RunSummary {
  const summary: RunSummary = {
    version: report.tool.version,
    startedAt: report.startedAt,
    seed: report.seed,
    scenarios: report.summary.scenarios,
    failed: report.summary.failed,
  };
  if (report.environment?.gitCommit) summary.gitCommit = report.environment.gitCommit;
  return summary;
}

/** Items by key; a repeated key gets #2, #3 (in order) so nothing is dropped. */
function keyed<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const base = keyOf(item);
    let key = base;
    for (let n = 2; map.has(key); n++) key = `${base}#${n}`;
    map.set(key, item);
  }
  return map;
}

/** How a verdict changed; `added` / `removed` when one side has none. */
function verdictChange(base: Verdict | undefined, head: Verdict | undefined): Change {
  if (!base) return 'added';
  if (!head) return 'removed';
  if (base === head) return 'unchanged';
  return head === 'fail' ? 'regressed' : 'improved';
}

function diffScenario(
  base: ScenarioReport | undefined,
  head: ScenarioReport | undefined,
  tolerance: number,
  minDeltaMs: number,
): ScenarioDiff {
  const any = (head ?? base) as ScenarioReport;
  const change = verdictChange(base?.verdict, head?.verdict);
  const checks = base && head ? diffChecks(base.checks, head.checks) : [];
  const quantiles = base && head ? diffQuantiles(base, head, tolerance, minDeltaMs) : [];
  const notes: string[] = [];
  if (change === 'regressed') notes.push('the scenario passed and now fails');
  if (change === 'improved') notes.push('the scenario failed and now passes');
  if (change === 'added')
    notes.push(head?.verdict === 'fail' ? 'a new scenario, and it fails' : 'a new scenario');
  if (change === 'removed')
    notes.push(`no longer run (it ${base?.verdict === 'fail' ? 'failed' : 'passed'} in the base)`);
  for (const c of checks) {
    if (c.change === 'regressed') notes.push(`check ${c.id} passed and now fails: ${c.message}`);
    else if (c.change === 'added' && c.head === 'fail') notes.push(`new check ${c.id} fails: ${c.message}`);
    else if (c.change === 'improved') notes.push(`check ${c.id} failed and now passes`);
    else if (c.change === 'removed') notes.push(`check ${c.id} is no longer run`);
  }
  for (const q of quantiles) {
    if (q.change === 'slower' || q.change === 'faster') {
      notes.push(
        `${q.metric} ${q.quantile} ${formatMs(q.base)} → ${formatMs(q.head)} (${signed(q.relative as number)})`,
      );
    }
  }
  const gradeWorse =
    base?.grade !== undefined && head?.grade !== undefined && gradeRank(head.grade) > gradeRank(base.grade);
  const gradeBetter =
    base?.grade !== undefined && head?.grade !== undefined && gradeRank(head.grade) < gradeRank(base.grade);
  if (gradeWorse || gradeBetter)
    notes.unshift(`grade ${base?.grade} → ${head?.grade}${gradeWorse ? ' (worse)' : ' (better)'}`);
  const regression =
    gradeWorse ||
    change === 'regressed' ||
    (change === 'added' && head?.verdict === 'fail') ||
    checks.some((c) => c.regression) ||
    quantiles.some((q) => q.regression);
  const improvement =
    gradeBetter ||
    change === 'improved' ||
    checks.some((c) => c.change === 'improved') ||
    quantiles.some((q) => q.change === 'faster');
  const diff: ScenarioDiff = {
    id: any.id,
    backend: any.backend,
    title: any.title,
    change,
    regression,
    improvement,
    checks,
    quantiles,
    notes,
  };
  if (base) diff.base = base.verdict;
  if (head) diff.head = head.verdict;
  if (base?.grade) diff.baseGrade = base.grade;
  if (head?.grade) diff.headGrade = head.grade;
  return diff;
}

/** A relative change as a signed percentage, e.g. +35%. */
export function signed(relative: number): string {
  if (!Number.isFinite(relative)) return relative > 0 ? '+∞' : '–';
  return `${relative > 0 ? '+' : ''}${formatPercent(relative)}`;
}

function diffChecks(base: CheckResult[], head: CheckResult[]): CheckDiff[] {
  const baseByKey = keyed(base, (c) => c.id);
  const out: CheckDiff[] = [];
  for (const [k, h] of keyed(head, (c) => c.id)) {
    const b = baseByKey.get(k);
    baseByKey.delete(k);
    const change = verdictChange(b?.verdict, h.verdict);
    const diff: CheckDiff = {
      id: k,
      head: h.verdict,
      change,
      regression: change === 'regressed' || (change === 'added' && h.verdict === 'fail'),
      message: h.message,
      measured: b ? { base: b.measured, head: h.measured } : { head: h.measured },
      threshold: h.threshold,
    };
    if (b) diff.base = b.verdict;
    out.push(diff);
  }
  for (const [k, b] of baseByKey) {
    out.push({
      id: k,
      base: b.verdict,
      change: 'removed',
      regression: false,
      message: b.message,
      measured: { base: b.measured },
      threshold: b.threshold,
    });
  }
  return out;
}

function diffQuantiles(
  base: ScenarioReport,
  head: ScenarioReport,
  tolerance: number,
  minDeltaMs: number,
): QuantileDiff[] {
  const out: QuantileDiff[] = [];
  for (const [metric, of] of METRICS) {
    for (const quantile of QUANTILES) {
      const b = of(base)[quantile];
      const h = of(head)[quantile];
      if (!isMeasured(b) || !isMeasured(h)) {
        out.push({
          metric,
          quantile,
          base: isMeasured(b) ? b : null,
          head: isMeasured(h) ? h : null,
          relative: null,
          change: 'unmeasured',
          regression: false,
        });
        continue;
      }
      const delta = h - b;
      const relative = b > 0 ? delta / b : delta > 0 ? Number.POSITIVE_INFINITY : 0;
      const moved = Math.abs(relative) > tolerance && Math.abs(delta) > minDeltaMs;
      const change = !moved ? 'same' : delta > 0 ? 'slower' : 'faster';
      out.push({ metric, quantile, base: b, head: h, relative, change, regression: change === 'slower' });
    }
  }
  return out;
}
