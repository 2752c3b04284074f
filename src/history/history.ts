import type { UpstreamAttempt } from '../faults/upstream-record.ts';
import type { AttemptRecord } from '../router/errors.ts';

/**
 * One request that reached a fake provider, as the provider saw it (src/faults/upstream-record.ts),
 * with its times moved to scenario ms (`startMs`, `endMs` since the scenario started).
 */
export type UpstreamAttemptRecord = UpstreamAttempt;

/** Which upstream attempt produced the text the caller received (the fake provider's echo). */
export interface AnswerEcho {
  provider: string;
  seq: number;
  /** How many echoes the text carried (more than one: answers were stitched together). */
  count: number;
  /** The key the echo named (another request's key: the caller got someone else's answer). */
  key: string;
}

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
  error?: {
    /** Stable: the error's own code, else one brownout derived (`http-503`, the class name, `untyped`). */
    code: string;
    message: string;
    retryAfterMs?: number;
    status?: number;
    /** The class of the error the system threw (in-process systems; a gateway's client is the runner's own). */
    name?: string;
    /** The machine-readable reason the error carried itself: its error body's `type` and `code`. */
    reason?: { type?: string; code?: string };
  };
  /** How many answers the caller received for this request (must be exactly 1 for `ok`). */
  answers: number;
  /** The first characters of the answer, kept for reports (escaped when rendered). */
  outputSample?: string;
  /** The correlation key the runner put in the request's message text (see faults/correlation.ts). */
  key?: string;
  /** Every upstream attempt that carried this request's key, in arrival order (scenario ms). */
  upstream?: UpstreamAttemptRecord[];
  /** The attempt whose echo the answer's text carried. */
  echo?: AnswerEcho;
  /** The answer's own `model` and `usage` (accounting is checked against the serving attempt). */
  answer?: { model?: string; usage?: unknown };
  /** For streams: the longest wait between two chunks the caller received (ms). */
  maxChunkGapMs?: number;
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
  /**
   * Whose probe: the system's own (`system`, e.g. the reference router's), or the runner's, made
   * straight to the provider because the system offers none (`runner`; default `system`).
   */
  by?: 'system' | 'runner';
  atMs: number;
  ok: boolean;
  ms: number;
  /** Error class and message when the probe failed. */
  error?: { code: string; message: string };
}

/** The fake providers' record of the run, as far as the backend keeps one. */
export interface UpstreamLog {
  /** Every attempt a fake provider saw during traffic (tagged or not), in arrival order, scenario ms. */
  attempts: UpstreamAttemptRecord[];
  /**
   * The runner's own probe requests (tagged `probe`), kept apart from `attempts`: they are part of
   * the scenario, not traffic of the system under test, so no check of the system counts them.
   */
  probes?: UpstreamAttemptRecord[];
  /** Attempts the backend dropped past its cap (the record is then incomplete). */
  dropped: number;
  /** Set when the backend cannot see a caller close its connection: why (attempt ends are then the fake's own). */
  callerCloseUnseen?: string;
}

/**
 * Where the records' `attempts` come from: the system's own report (the reference router, a
 * gateway's route headers) or, for a black box, the fake providers' upstream record.
 */
export type AttemptSource = 'system' | 'upstream' | 'none';

export interface History {
  records: HistoryRecord[];
  /** Requests the traffic window closed before they were sent (never counted as failures). */
  notSent?: number[];
  /** The upstream record, when the backend keeps one. */
  upstream?: UpstreamLog;
  /** Where `records[].attempts` come from (default: `system`). */
  attemptSource?: AttemptSource;
  /** Probes of every provider, made before traffic (empty when the system cannot probe). */
  probes: ProbeRecord[];
  events: ObservedEvent[];
  faults: FaultWindow[];
  /** Faults injected, per fault index, as counted by the backend. */
  injected: number[];
  /** ms from start until the last request ended. */
  durationMs: number;
  providers: string[];
  /**
   * The longest event-loop delay the runner's process saw from traffic until the upstream record
   * was read (ms). The in-process backends and the fault server share that loop, so a time the fake
   * provider recorded can be this late; checks that compare the two clocks allow for it.
   */
  loopLagMs?: number;
}
