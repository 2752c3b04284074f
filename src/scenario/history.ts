import type { AttemptRecord } from '../router/errors.ts';

/**
 * The history is the truth (Jepsen-style): one record per request, as the client saw it,
 * with every attempt the router made. Checkers read histories, never the router's internals.
 * All times are ms since the scenario started.
 */
export interface HistoryRecord {
  /** 0-based request number in invocation order. */
  index: number;
  stream: boolean;
  invokeMs: number;
  endMs: number;
  latencyMs: number;
  /**
   * `ok`: a complete answer; `fail`: a typed error before any output reached the caller;
   * `info`: indeterminate, e.g. a stream cut after bytes reached the caller.
   */
  completion: 'ok' | 'fail' | 'info';
  /** Every attempt, with `startMs` relative to the scenario start. */
  attempts: AttemptRecord[];
  /** Providers skipped without an attempt (their breaker was open). */
  skipped: string[];
  servedBy?: string;
  /** ms from invocation until the serving attempt began. */
  failoverLatencyMs?: number;
  /** For `ok` (and streamed `info`) answers: was every object valid against the official schema? */
  schemaValid?: boolean;
  schemaError?: string;
  /** The finish_reason the caller received (streams: of the last chunk that had one). */
  finishReason?: string;
  /** For streams: chunks received, and whether it ended with an error the caller saw. */
  chunks?: number;
  /** How the request ended when it did not succeed. */
  error?: { code: string; message: string; retryAfterMs?: number };
  /** How many answers the caller received for this request (must be exactly 1 for `ok`). */
  answers: number;
  /** The first characters of the answer, kept for reports (escaped when rendered). */
  outputSample?: string;
}

/** A router event observed during the scenario (breaker transitions drive the report's breaker band). */
export interface ObservedEvent {
  atMs: number;
  type: 'breaker';
  provider: string;
  from: string;
  to: string;
  reason: string;
}

/** A fault's time window in the scenario, for checks and the report's shaded bands. */
export interface FaultWindow {
  index: number;
  kind: string;
  target: string;
  startMs: number;
  /** Undefined: until the end of the scenario. */
  endMs?: number;
}

/** A provider probe the runner made before traffic, as the synthetic monitor would. */
export interface ProbeRecord {
  provider: string;
  atMs: number;
  ok: boolean;
  ms: number;
  /** Error class and message when the probe failed. */
  error?: { code: string; message: string };
}

export interface History {
  records: HistoryRecord[];
  /** Probes of every provider, made before traffic (empty when the system cannot probe). */
  probes: ProbeRecord[];
  events: ObservedEvent[];
  faults: FaultWindow[];
  /** Faults injected, per fault index, as counted by the backend. */
  injected: number[];
  /** ms from start until the last request ended. */
  durationMs: number;
  providers: string[];
}
