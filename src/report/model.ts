import type { CheckResult } from '../checks/check.ts';
import type { LoadRun } from './load/model.ts';

/**
 * The one report model (JSON report schemaVersion "1", DESIGN.md). Every renderer (JSON, HTML,
 * JUnit, Markdown) and the diff read this; none reads histories or the router.
 */

export interface LatencySummary {
  /** How many values; 0 means none measured (the quantiles are then null). */
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface PropertyResult {
  id: string;
  runs: number;
  seed: number;
  verdict: 'pass' | 'fail';
  /** The shrunk counterexample, as JSON-able data. */
  counterexample?: unknown;
  /** fast-check's path to the counterexample, for replay. */
  path?: string;
  /** The command that replays this property run. */
  replay?: string;
  message?: string;
}

/** One request, as the report's timeline plots it (downsampled for large runs). */
export interface TimelinePoint {
  /** Invoke time, ms since the scenario started. */
  t: number;
  /** Latency, ms. */
  ms: number;
  /** Provider that served it, or '' when none did. */
  by: string;
  completion: 'ok' | 'fail' | 'info';
  stream: boolean;
  /** Error code for failed requests. */
  code?: string;
  attempts: number;
}

export interface Timeline {
  points: TimelinePoint[];
  /** How many requests the points stand for (points may be downsampled). */
  total: number;
  faultWindows: Array<{ kind: string; target: string; startMs: number; endMs: number }>;
  breaker: Array<{ atMs: number; provider: string; from: string; to: string; reason: string }>;
  durationMs: number;
}

export interface ScenarioReport {
  id: string;
  title: string;
  description?: string;
  source?: string;
  verdict: 'pass' | 'fail';
  backend: string;
  seed: number;
  durationMs: number;
  faults: Array<{ kind: string; target: string; injected: number }>;
  stats: {
    requests: number;
    succeeded: number;
    failed: number;
    /** Indeterminate outcomes (a stream cut after output reached the caller). */
    indeterminate: number;
    servedBy: Record<string, number>;
    latencyMs: LatencySummary;
    failoverLatencyMs: LatencySummary;
    attemptsPerRequest: { mean: number; max: number };
  };
  checks: CheckResult[];
  properties: PropertyResult[];
  /** The command that replays this scenario on this backend with this seed. */
  replay: string;
  /** Failed requests' error codes and a sample message each, for "why did it fail". */
  errors: Array<{ code: string; count: number; sample: string }>;
  timeline: Timeline;
}

export interface RunReport {
  schemaVersion: '1';
  tool: { name: 'brownout'; version: string };
  startedAt: string;
  durationMs: number;
  seed: number;
  summary: { scenarios: number; passed: number; failed: number };
  scenarios: ScenarioReport[];
  /** Scenario runs left out because the chosen backend cannot produce their faults. */
  skipped?: Array<{ id: string; backend: string; reason: string }>;
  /** k6 load runs (`brownout load`): see load/model.ts. */
  load?: LoadRun[];
  environment: {
    node: string;
    platform: string;
    arch: string;
    cpus: number;
    gitCommit?: string;
    command: string;
  };
}
