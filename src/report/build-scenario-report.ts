import { summarize } from '../checks/quantiles.ts';
import type { History } from '../history/history.ts';
import type { LatencySummary, ScenarioReport } from '../report/model.ts';
import type { RunScenarioOptions } from './run-scenario.ts';
import { buildTimeline } from './timeline.ts';
import { upstreamSummary } from './upstream-summary.ts';
import type { Scenario } from './validate.ts';

/** Quantiles for the report; an empty sample reports count 0 and null quantiles (nothing was measured). */
function latencySummary(values: number[]): LatencySummary {
  if (values.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null };
  const { count, p50, p95, p99, max } = summarize(values);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { count, p50: round(p50), p95: round(p95), p99: round(p99), max: round(max) };
}

/** The scenario's report (grade and properties are added by the runner). */
export function toReport(
  scenario: Scenario,
  options: RunScenarioOptions,
  seed: number,
  history: History,
  checks: ScenarioReport['checks'],
  durationMs: number,
): ScenarioReport {
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
    backend: options.backend,
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
    replay: options.replayCommand,
    errors: [...errors].map(([code, e]) => ({ code, ...e })),
    timeline: buildTimeline(history),
    attemptSource: history.attemptSource ?? 'system',
  };
  const upstream = upstreamSummary(history);
  if (upstream) report.upstream = upstream;
  if (history.notSent?.length) report.notSent = history.notSent.length;
  if (scenario.description) report.description = scenario.description;
  return report;
}
