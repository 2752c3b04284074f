import type { CheckResult } from '../checks/check.ts';
import type { Grade, IdealGrade } from '../checks/grade.ts';
import type { AttemptSource } from '../history/history.ts';

/** One upstream attempt as the report keeps it (scenario ms). */
export interface UpstreamAttemptSummary {
  provider: string;
  seq: number;
  startMs: number;
  endMs: number | null;
  status: number | null;
  end: string;
  fault?: string;
  /** The wait the answer advertised, ms. */
  waitMs?: number;
}

/** What the fake providers saw during a scenario run. */
export interface UpstreamSummary {
  /** Chat attempts that reached a fake provider (tagged with a request's key or not). */
  attempts: number;
  /** Attempts carrying no request's key (a gateway's own health checks, hub lookups). */
  untagged: number;
  /** Attempts the backend dropped past its cap. */
  dropped: number;
  byProvider: Record<string, { attempts: number; failed: number }>;
  /** Each request's upstream attempts (the first requests only, for large runs). */
  requests: Array<{ index: number; attempts: UpstreamAttemptSummary[] }>;
  /** How many requests `requests` leaves out. */
  omitted: number;
}

import type { LatencySummary } from './latency-summary.ts';
import type { LoadRun } from './load/model.ts';

export type { LatencySummary } from './latency-summary.ts';

/**
 * The one report model (JSON report schemaVersion "1", DESIGN.md). Every renderer (JSON, HTML,
 * JUnit, Markdown) and the diff read this; none reads histories or the router.
 */

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
  /** The graded outcome: pass, degraded (an advisory check failed), safe (a clean typed failure), fail. */
  grade?: Grade;
  /** Why the grade, in one line. */
  gradeReason?: string;
  /** The outcome the scenario calls ideal. */
  ideal?: IdealGrade;
  /** Requests the traffic window closed before they were sent (not failures). */
  notSent?: number;
  /** Where the requests' attempts came from: the system's report, or the upstream record (a black box). */
  attemptSource?: AttemptSource;
  upstream?: UpstreamSummary;
}

/** Which system a run tested, as `brownout run` was told. */
export interface SystemInfo {
  name: string;
  /** `reference`: brownout's router; `in-process`: a `--system` module; `gateway`: `--target URL`; `gateway-command`: `--target-cmd`. */
  kind: 'reference' | 'in-process' | 'gateway' | 'gateway-command';
  /** The module file, the URL, or the command (placeholders unfilled). */
  source?: string;
  description?: string;
  /** Versions of what the system runs, as it reports them. */
  versions?: Record<string, string>;
}

export interface RunReport {
  schemaVersion: '1';
  tool: { name: 'brownout'; version: string };
  startedAt: string;
  durationMs: number;
  seed: number;
  summary: {
    scenarios: number;
    passed: number;
    failed: number;
    /** Scenario runs left out (see `skipped` below); a run with none skipped may omit it. */
    skipped?: number;
    /** Scenario runs per grade. */
    grades?: Partial<Record<Grade, number>>;
  };
  scenarios: ScenarioReport[];
  /** Scenario runs left out because the chosen backend cannot produce their faults. */
  skipped?: Array<{ id: string; backend: string; reason: string }>;
  /** The system the suite ran against (the reference router, a `--system` module, a gateway). */
  system?: SystemInfo;
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
