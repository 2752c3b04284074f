import { isMeasured } from '../format.ts';
import type { LoadChart } from '../load/chart-data.ts';
import type { LatencySummary, RunReport, ScenarioReport } from '../model.ts';

/**
 * What the page script needs to draw one scenario's charts, in columns (a few bytes a point
 * instead of an object each): the timeline points, the fault windows, the breaker transitions
 * and the exact quantiles. Embedded in the page as JSON; the tables are rendered as HTML.
 */
export interface ChartScenario {
  /** Invoke time (ms since the scenario started, whole ms), latency (ms, 0.1 ms). */
  t: number[];
  ms: number[];
  /** Index into `PageData.providers` of the provider that served it, -1 for none. */
  by: number[];
  /** 0 ok, 1 failed, 2 indeterminate. */
  c: Array<0 | 1 | 2>;
  /** Index into `codes`, -1 for none. */
  code: number[];
  codes: string[];
  attempts: number[];
  stream: Array<0 | 1>;
  /** How many requests the points stand for. */
  total: number;
  durationMs: number;
  faultWindows: Array<{ kind: string; target: string; startMs: number; endMs: number; injected: number }>;
  breaker: Array<{ atMs: number; provider: string; from: string; to: string; reason: string }>;
  latency: Quantiles;
  failover: Quantiles;
}

/** p50, p95, p99, max in ms; null where nothing was measured. */
export interface Quantiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface PageData {
  /** Every provider named in the run, in a stable order: the colour of provider i is `--p{i}`. */
  providers: string[];
  /** By scenario element id (`s-<index>`). */
  scenarios: Record<string, ChartScenario>;
  /** k6 load runs' charts, by element id (`load-<index>`). */
  load?: Record<string, LoadChart>;
}

/** The conventional order: the primary and fallback that DESIGN.md names first, then by appearance. */
const KNOWN_PROVIDERS = ['openai', 'huggingface'];

/** Providers named anywhere in a run (served requests, breaker transitions, fault targets). */
export function providersOf(report: RunReport): string[] {
  const seen = new Set<string>();
  for (const s of report.scenarios) {
    for (const name of Object.keys(s.stats.servedBy)) seen.add(name);
    for (const p of s.timeline?.points ?? []) if (p.by) seen.add(p.by);
    for (const b of s.timeline?.breaker ?? []) seen.add(b.provider);
  }
  const known = KNOWN_PROVIDERS.filter((p) => seen.has(p));
  return [...known, ...[...seen].filter((p) => !KNOWN_PROVIDERS.includes(p))];
}

function quantiles(summary: LatencySummary | undefined): Quantiles {
  const q = (v: unknown) => (isMeasured(v) ? Math.round(v * 100) / 100 : null);
  return { p50: q(summary?.p50), p95: q(summary?.p95), p99: q(summary?.p99), max: q(summary?.max) };
}

/** The chart data for one scenario. */
export function chartScenario(s: ScenarioReport, providers: string[]): ChartScenario {
  const timeline = s.timeline ?? {
    points: [],
    total: 0,
    faultWindows: [],
    breaker: [],
    durationMs: s.durationMs ?? 0,
  };
  const codes: string[] = [];
  const data: ChartScenario = {
    t: [],
    ms: [],
    by: [],
    c: [],
    code: [],
    codes,
    attempts: [],
    stream: [],
    total: timeline.total,
    durationMs: timeline.durationMs,
    faultWindows: timeline.faultWindows.map((w, i) => {
      // Windows come in the order of the scenario's faults, which is also the order of `faults`.
      const fault = s.faults[i];
      const injected = fault && fault.kind === w.kind && fault.target === w.target ? fault.injected : -1;
      return { ...w, injected };
    }),
    breaker: timeline.breaker,
    latency: quantiles(s.stats.latencyMs),
    failover: quantiles(s.stats.failoverLatencyMs),
  };
  const points = [...timeline.points].sort((a, b) => a.t - b.t);
  for (const p of points) {
    data.t.push(Math.round(p.t));
    data.ms.push(Math.round(p.ms * 10) / 10);
    data.by.push(p.by ? providers.indexOf(p.by) : -1);
    data.c.push(p.completion === 'ok' ? 0 : p.completion === 'fail' ? 1 : 2);
    if (p.code === undefined) data.code.push(-1);
    else {
      let i = codes.indexOf(p.code);
      if (i < 0) i = codes.push(p.code) - 1;
      data.code.push(i);
    }
    data.attempts.push(p.attempts);
    data.stream.push(p.stream ? 1 : 0);
  }
  return data;
}
