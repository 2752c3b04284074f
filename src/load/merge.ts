/**
 * Merges what k6 left behind (its summary for thresholds, its JSON output for per-phase figures
 * and the per-second series) with the fault server's counters into the report's `load` entry.
 */
import { summarize } from '../checks/quantiles.ts';
import type { LoadPhase, LoadRun, LoadSeries, LoadThreshold } from '../report/load/model.ts';
import type { LatencySummary } from '../report/model.ts';
import type { LoadConfig } from './config.ts';
import { LOAD_PHASES, type PhaseSamples, type PointAggregate } from './points.ts';

/** The part of k6's handleSummary data brownout reads. */
export interface K6Summary {
  metrics: Record<string, { thresholds?: Record<string, { ok: boolean }> } | undefined>;
}

export interface MergeInput {
  id: string;
  title: string;
  source?: string;
  config: LoadConfig;
  gateway: LoadRun['gateway'];
  summary: K6Summary | undefined;
  points: PointAggregate;
  /** Injections per configured fault, from the fault server's stats. */
  faults: LoadRun['faults'];
  k6: LoadRun['k6'];
  durationMs: number;
}

/** k6's exit code when thresholds were crossed. */
export const K6_THRESHOLDS_CROSSED = 99;

function latency(values: number[]): LatencySummary {
  if (values.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null };
  const { count, p50, p95, p99, max } = summarize(values);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { count, p50: round(p50), p95: round(p95), p99: round(p99), max: round(max) };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

function phaseOf(
  name: LoadPhase['name'],
  samples: PhaseSamples,
  config: LoadConfig,
  startS: number,
): LoadPhase {
  const durationS = config.phases[name];
  return {
    name,
    startS,
    durationS,
    requests: samples.requests,
    ratePerSec: Math.round((samples.requests / durationS) * 100) / 100,
    errorRate: ratio(samples.failed, samples.requests),
    latencyMs: latency(samples.durations),
    ttfbMs: latency(samples.streamTtfb),
    fallbackShare: ratio(samples.fallback.served, samples.fallback.of),
    failoverMs: latency(samples.failoverMs),
    streams: { ...samples.streams },
    droppedIterations: samples.dropped,
  };
}

/** Thresholds as k6 evaluated them: `http_req_failed{phase:fault}` → `rate<=0.05` ok|crossed. */
export function thresholdsOf(summary: K6Summary | undefined): LoadThreshold[] {
  const out: LoadThreshold[] = [];
  for (const [metric, data] of Object.entries(summary?.metrics ?? {})) {
    for (const [expression, result] of Object.entries(data?.thresholds ?? {})) {
      out.push({ metric, expression, ok: result.ok === true });
    }
  }
  return out.sort((a, b) => a.metric.localeCompare(b.metric) || a.expression.localeCompare(b.expression));
}

/** Per-second counts from the first request to the last, gaps filled with zeros. */
export function seriesOf(points: PointAggregate): LoadSeries {
  const series: LoadSeries = { stepS: 1, t: [], requests: [], errors: [], fallback: [] };
  if (points.seconds.size === 0) return series;
  const seconds = [...points.seconds.keys()];
  const first = Math.min(...seconds);
  const last = Math.max(...seconds);
  for (let s = first; s <= last; s++) {
    const bucket = points.seconds.get(s);
    series.t.push(s - first);
    series.requests.push(bucket?.requests ?? 0);
    series.errors.push(bucket?.errors ?? 0);
    series.fallback.push(bucket?.fallback ?? 0);
  }
  return series;
}

/** Why a run fails: crossed thresholds, faults never injected, no traffic, k6 errors. */
function reasonsOf(input: MergeInput, thresholds: LoadThreshold[], phases: LoadPhase[]): string[] {
  const reasons = thresholds
    .filter((t) => !t.ok)
    .map((t) => `threshold ${t.metric}: ${t.expression} was crossed`);
  for (const f of input.faults) {
    if (f.injected === 0)
      reasons.push(`fault ${f.kind} → ${f.target} was never injected: the fault phase proves nothing`);
  }
  for (const p of phases) if (p.requests === 0) reasons.push(`the ${p.name} phase sent no request`);
  if (!input.summary) reasons.push('k6 wrote no summary (it stopped before the end of the test)');
  const { exitCode } = input.k6;
  if (exitCode === K6_THRESHOLDS_CROSSED && !thresholds.some((t) => !t.ok))
    reasons.push('k6 exited with 99 (thresholds crossed)');
  else if (exitCode !== 0 && exitCode !== K6_THRESHOLDS_CROSSED)
    reasons.push(`k6 exited with code ${exitCode}`);
  return reasons;
}

/**
 * The report's `load` entry for one k6 run.
 *
 * @example const run = mergeLoad({ id: 'load', title, config, gateway: 'brownout', summary, points, faults, k6, durationMs });
 */
export function mergeLoad(input: MergeInput): LoadRun {
  const { config, points } = input;
  let startS = 0;
  const phases = LOAD_PHASES.map((name) => {
    const phase = phaseOf(name, points.phases[name], config, startS);
    startS += config.phases[name];
    return phase;
  });
  const thresholds = thresholdsOf(input.summary);
  const reasons = reasonsOf(input, thresholds, phases);
  const run: LoadRun = {
    id: input.id,
    title: input.title,
    verdict: reasons.length === 0 ? 'pass' : 'fail',
    reasons,
    target: config.target,
    gateway: input.gateway,
    k6: input.k6,
    ratePerSec: config.ratePerSec,
    streaming: config.streaming,
    durationMs: Math.round(input.durationMs),
    faults: input.faults,
    phases,
    thresholds,
    series: seriesOf(points),
  };
  if (input.source) run.source = input.source;
  return run;
}
