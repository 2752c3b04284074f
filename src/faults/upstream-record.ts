/**
 * The upstream record: every request that reached a fake provider, as the fake provider saw it.
 * Against a system we did not write, this is the record we can trust (DESIGN.md, "the history is
 * the truth"). Every injection backend (MSW, nock, MockAgent, the loopback fault server) writes it
 * through the shared `FaultEngine`; the fault server serves it on its control API.
 *
 * Times are wall-clock epoch milliseconds with sub-millisecond precision
 * (`performance.timeOrigin + performance.now()`), so a record made in another process on the same
 * machine (the fault server under k6, a gateway's upstream) lines up with the runner's clock.
 */

/** What the request asked for, as far as the fake provider could tell. */
export type UpstreamOperation = 'chat' | 'hub-model-info' | 'models' | 'other';

/**
 * How an upstream attempt ended, from the provider's side.
 * `complete`: the whole answer was written; `reset`: the provider broke the connection (a fault);
 * `client-closed`: the caller closed the connection before the answer ended;
 * `hang`: still unanswered when the record was read (or the injector stopped).
 */
export type UpstreamEnd = 'complete' | 'reset' | 'client-closed' | 'hang';

export interface UpstreamAttempt {
  /** 1-based, in arrival order, per injector since it started or was reset. */
  seq: number;
  /**
   * The correlation key the runner put in the request's message text (see `correlation.ts`),
   * or undefined when the request carried none (a health check, a hub lookup).
   */
  key?: string;
  /**
   * The runner's probe key (see `correlation.ts`): this request is the runner's own health check
   * of the provider, made before traffic, never traffic of the system under test.
   */
  probe?: string;
  /** The fake provider that answered: `openai`, `huggingface`, or a configured name. */
  provider: string;
  operation: UpstreamOperation;
  /** The model asked for (the chat body's `model`, or the hub repo). */
  model?: string;
  stream: boolean;
  /** Epoch ms when the request arrived. */
  startMs: number;
  /** Epoch ms when the answer ended or the connection closed; undefined while still open. */
  endMs?: number;
  /**
   * The fault that was applied (its index in the installed list, its kind and its variant, e.g.
   * `stream-cut:complete-no-done`), or none.
   */
  fault?: { index: number; kind: string; variant?: string };
  /** The status sent; undefined when no status line went out (hang, reset before headers). */
  status?: number;
  /** The wait the answer advertised (Retry-After, retry-after-ms, x-ratelimit-reset-*, estimated_time). */
  advertisedWaitMs?: number;
  /** Body chunks (SSE events for streams) and bytes written to the caller. */
  chunks: number;
  bytes: number;
  end: UpstreamEnd;
  /** True when the caller closed the connection before the answer ended. */
  clientClosedEarly: boolean;
  /** The `usage` the answer carried (healthy chat answers), so accounting can be checked. */
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  /** The `model` field the answer carried. */
  answeredModel?: string;
}

/** The most upstream attempts an injector keeps; older ones are dropped first (and counted). */
export const UPSTREAM_RECORD_CAP = 50_000;

/** A page of the record, as the fault server's control API serves it. */
export interface UpstreamRecordPage {
  attempts: UpstreamAttempt[];
  /** Attempts dropped because the cap was reached since the last reset. */
  dropped: number;
  /** The `seq` to ask for next (`?after=`), or undefined at the end. */
  next?: number;
}
