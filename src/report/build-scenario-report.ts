import type { CheckResult } from '../checks/check.ts';
import { gradeRun, type IdealGrade } from '../checks/grade.ts';
import { summarize } from '../checks/quantiles.ts';
import type { History } from '../history/history.ts';
import { buildTimeline } from './build-timeline.ts';
import type { LatencySummary, PropertyResult, ScenarioReport, UpstreamSummary } from './model.ts';

/** What the report says about the scenario itself (a validated scenario has these fields). */
export interface ScenarioIdentity {
  id: string;
  title: string;
  description?: string | undefined;
  source?: string | undefined;
  ideal?: IdealGrade | undefined;
  faults: ReadonlyArray<{ kind: string; target: string }>;
}

/** Everything one scenario run produced, judged: the report is built from this alone. */
export interface ScenarioOutcome {
  scenario: ScenarioIdentity;
  backend: string;
  seed: number;
  /** The command line that replays this scenario. */
  replay: string;
  history: History;
  checks: CheckResult[];
  properties: PropertyResult[];
  /** What the fake providers saw, when the backend keeps an upstream record. */
  upstream?: UpstreamSummary | undefined;
  durationMs: number;
}

/** Quantiles for the report; an empty sample reports count 0 and null quantiles (nothing was measured). */
function latencySummary(values: number[]): LatencySummary {
  if (values.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null };
  const { count, p50, p95, p99, max } = summarize(values);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { count, p50: round(p50), p95: round(p95), p99: round(p99), max: round(max) };
}

/** The scenario's report: figures from the history, the checks' verdicts, the properties and the grade. */
export function buildScenarioReport(outcome: ScenarioOutcome): ScenarioReport {
  const { scenario, seed, history, checks, properties, durationMs } = outcome;
  const { records } = history;
  const ok = records.filter((r) => r.completion === 'ok');
  const servedBy: Record<string, number> = {};
  for (const r of ok) if (r.servedBy) servedBy[r.servedBy] = (servedBy[r.servedBy] ?? 0) + 1;
  const primary = history.providers[0];
  const failedOver = ok.filter(
    (r) => r.servedBy !== undefined && r.servedBy !== primary && r.failoverLatencyMs !== undefined,
  );
  const attempts = records.map((r) => r.attempts.length);
  const errors = new Map<string, { count: number; sample: string }>();
  for (const r of records) {
    if (!r.error) continue;
    const entry = errors.get(r.error.code) ?? { count: 0, sample: r.error.message };
    entry.count++;
    errors.set(r.error.code, entry);
  }
  const report: ScenarioReport = {
    id: scenario.id,
    title: scenario.title,
    source: scenario.source,
    verdict: checks.some((c) => c.verdict === 'fail' && c.level !== 'advisory') ? 'fail' : 'pass',
    ideal: scenario.ideal,
    backend: outcome.backend,
    seed,
    durationMs,
    faults: scenario.faults.map((f, i) => ({
      kind: f.kind,
      target: f.target,
      injected: history.injected[i] ?? 0,
    })),
    stats: {
      requests: records.length,
      succeeded: ok.length,
      failed: records.filter((r) => r.completion === 'fail').length,
      indeterminate: records.filter((r) => r.completion === 'info').length,
      servedBy,
      latencyMs: latencySummary(ok.map((r) => r.latencyMs)),
      failoverLatencyMs: latencySummary(failedOver.map((r) => r.failoverLatencyMs as number)),
      attemptsPerRequest: {
        mean: attempts.length ? attempts.reduce((a, b) => a + b, 0) / attempts.length : 0,
        max: attempts.length ? Math.max(...attempts) : 0,
      },
    },
    checks,
    properties: [],
    replay: outcome.replay,
    errors: [...errors].map(([code, e]) => ({ code, ...e })),
    timeline: buildTimeline(history),
    attemptSource: history.attemptSource ?? 'system',
  };
  if (outcome.upstream) report.upstream = outcome.upstream;
  if (history.notSent?.length) report.notSent = history.notSent.length;
  if (scenario.description) report.description = scenario.description;
  // Properties and the grade come last: the report's key order is part of its byte-for-byte form.
  report.properties = properties;
  const { grade, reason } = gradeRun({
    checks,
    propertyFailed: properties.some((p) => p.verdict === 'fail'),
    history,
  });
  report.grade = grade;
  report.gradeReason = reason;
  report.verdict = grade === 'fail' ? 'fail' : 'pass';
  return report;
}
