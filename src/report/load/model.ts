import type { LatencySummary } from '../latency-summary.ts';

/**
 * The `load` section of a report: one entry per k6 run (`brownout load`), merged from k6's
 * summary (thresholds) and its JSON output (per-phase figures and the per-second series).
 */

export type LoadPhaseName = 'baseline' | 'fault' | 'recovery';

export interface LoadPhase {
  name: LoadPhaseName;
  /** Seconds from the test's start, as configured. */
  startS: number;
  durationS: number;
  requests: number;
  /** Requests per second over the phase's configured duration. */
  ratePerSec: number;
  /** Share of requests that failed (k6 `http_req_failed`); null when there were none. */
  errorRate: number | null;
  /** Whole request, ms (k6 `http_req_duration`). */
  latencyMs: LatencySummary;
  /** Streams: time to the first byte, ms (k6 `http_req_waiting`). */
  ttfbMs: LatencySummary;
  /** Share of answers that a provider other than the primary served; null when the target does not say. */
  fallbackShare: number | null;
  /** Failover time of the requests that failed over, ms (from the route header). */
  failoverMs: LatencySummary;
  streams: { requests: number; complete: number };
  /** Arrivals k6 dropped for want of a free VU (k6 `dropped_iterations`): the rate was not held. */
  droppedIterations: number;
}

/** One k6 threshold and whether it held. */
export interface LoadThreshold {
  metric: string;
  expression: string;
  ok: boolean;
}

/** Per-second counts for the chart; `t` is seconds from the first request. */
export interface LoadSeries {
  stepS: number;
  t: number[];
  requests: number[];
  errors: number[];
  fallback: number[];
}

export interface LoadRun {
  id: string;
  title: string;
  source?: string;
  verdict: 'pass' | 'fail';
  /** Why the run failed, one line each (crossed thresholds, faults never injected, k6 errors). */
  reasons: string[];
  /** The endpoint under load (credentials never appear here). */
  target: string;
  /** `brownout` when brownout started its own gateway, else `external`. */
  gateway: 'brownout' | 'external';
  k6: { version: string; exitCode: number };
  ratePerSec: number;
  streaming: number;
  durationMs: number;
  faults: Array<{ kind: string; target: string; injected: number }>;
  phases: LoadPhase[];
  thresholds: LoadThreshold[];
  series: LoadSeries;
}
