import { correlationTag } from '../faults/correlation.ts';
import { CALLER_CLOSE_UNSEEN } from '../faults/support.ts';
import type { UpstreamAttempt, UpstreamRecordPage } from '../faults/upstream-record.ts';
import type { HistoryRecord, UpstreamAttemptRecord, UpstreamLog } from '../history/history.ts';
import type { AttemptRecord, ErrorClass } from '../router/errors.ts';
import type { ChatRequest } from '../router/types.ts';
import type { UpstreamSource } from '../systems/backend-session.ts';

export type { UpstreamSource };

const PAGE = 5_000;
/** How long the runner waits for upstream connections to close after the last answer. */
export const UPSTREAM_SETTLE_MS = 750;

/** A request's correlation key: unique per scenario run (`run`) and request. */
export function correlationKey(run: string, index: number): string {
  return `${run}.${index}`;
}

/**
 * The body with the correlation tag appended to its last user message (the one field every
 * gateway forwards unchanged; see faults/correlation.ts). The original body is not modified.
 */
export function tagRequest(body: ChatRequest, key: string): ChatRequest {
  const tag = correlationTag(key);
  const messages = [...body.messages];
  let last = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') {
      last = i;
      break;
    }
  }
  if (last < 0) return { ...body, messages: [...messages, { role: 'user', content: tag }] };
  const message = messages[last] as { role: 'user'; content: unknown };
  const content =
    typeof message.content === 'string'
      ? message.content === ''
        ? tag
        : `${message.content} ${tag}`
      : [...(Array.isArray(message.content) ? message.content : []), { type: 'text', text: tag }];
  messages[last] = { ...message, content } as (typeof messages)[number];
  return { ...body, messages };
}

/** Every page of the record, or undefined when the backend keeps none. */
export async function readUpstream(source: UpstreamSource): Promise<UpstreamRecordPage | undefined> {
  if (typeof source.upstream !== 'function') return undefined;
  const attempts: UpstreamAttempt[] = [];
  let after: number | undefined;
  let dropped = 0;
  for (let pages = 0; pages < 1_000; pages++) {
    const page = await source.upstream(after === undefined ? { limit: PAGE } : { after, limit: PAGE });
    attempts.push(...page.attempts);
    dropped = page.dropped;
    if (page.next === undefined || page.attempts.length === 0) break;
    after = page.next;
  }
  return { attempts, dropped };
}

/**
 * Reads the record once the upstream connections that the run's requests opened have closed,
 * waiting at most `settleMs`: a connection still open then is left for the checks to judge.
 */
export async function readSettledUpstream(
  source: UpstreamSource,
  keys: ReadonlySet<string>,
  settleMs = UPSTREAM_SETTLE_MS,
): Promise<UpstreamRecordPage | undefined> {
  const deadline = performance.now() + settleMs;
  for (;;) {
    const page = await readUpstream(source);
    if (page === undefined) return undefined;
    const open = page.attempts.some((a) => a.endMs === undefined && a.key !== undefined && keys.has(a.key));
    if (!open || performance.now() >= deadline) return page;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The record on the scenario's clock (`t0Epoch` is the scenario start in epoch ms), the runner's
 * own probe requests (tagged `probeKey`) set apart from the system's traffic. Probe requests of
 * another run (a shared fault server) belong to neither.
 */
export function toScenarioTime(page: UpstreamRecordPage, t0Epoch: number, probeKey?: string): UpstreamLog {
  const shift = (a: UpstreamAttempt): UpstreamAttemptRecord => {
    const moved: UpstreamAttemptRecord = { ...a, startMs: a.startMs - t0Epoch };
    if (a.endMs !== undefined) moved.endMs = a.endMs - t0Epoch;
    return moved;
  };
  const attempts: UpstreamAttemptRecord[] = [];
  const probes: UpstreamAttemptRecord[] = [];
  for (const a of page.attempts) {
    if (a.probe === undefined) attempts.push(shift(a));
    else if (a.probe === probeKey) probes.push(shift(a));
  }
  return { attempts, ...(probes.length > 0 ? { probes } : {}), dropped: page.dropped };
}

/**
 * Gives each record the chat attempts that carried its key. When the system reported no attempts
 * (a black box), the records' `attempts` are derived from the upstream record, so every check that
 * reads attempts judges what the providers saw. Returns where the attempts now come from.
 */
export function joinUpstream(records: HistoryRecord[], log: UpstreamLog): 'system' | 'upstream' {
  const byKey = new Map<string, HistoryRecord>();
  for (const r of records) if (r.key !== undefined) byKey.set(r.key, r);
  for (const r of records) if (r.key !== undefined) r.upstream = [];
  for (const a of log.attempts) {
    if (a.key === undefined || a.operation !== 'chat') continue;
    byKey.get(a.key)?.upstream?.push(a);
  }
  const reported = records.some((r) => r.attempts.length > 0);
  if (reported) return 'system';
  for (const r of records) {
    if (!r.upstream) continue;
    r.attempts = r.upstream.map((a) => attemptFromUpstream(a, r.endMs));
    if (r.completion !== 'fail' && r.echo !== undefined && r.servedBy === undefined) {
      r.servedBy = r.echo.provider;
      const serving = r.upstream.find((a) => a.seq === r.echo?.seq);
      if (serving) r.failoverLatencyMs = Math.max(0, serving.startMs - r.invokeMs);
    }
  }
  return 'upstream';
}

/** An upstream attempt as an `AttemptRecord`: the outcome classified from what the provider sent. */
export function attemptFromUpstream(a: UpstreamAttemptRecord, readAtMs: number): AttemptRecord {
  const end = a.endMs ?? Math.max(readAtMs, a.startMs);
  const attempt: AttemptRecord = {
    provider: a.provider,
    outcome: outcomeOf(a),
    startMs: a.startMs,
    ms: Math.max(0, end - a.startMs),
  };
  if (a.status !== undefined) attempt.status = a.status;
  if (a.advertisedWaitMs !== undefined && attempt.outcome !== 'ok') attempt.retryAfterMs = a.advertisedWaitMs;
  if (a.fault) attempt.detail = a.fault.kind;
  return attempt;
}

function outcomeOf(a: UpstreamAttemptRecord): AttemptRecord['outcome'] {
  const status = a.status;
  if (status === undefined) return a.end === 'reset' ? 'network' : 'timeout';
  if (status >= 200 && status < 300) {
    if (a.end === 'reset') return 'stream-interrupted';
    if (a.end === 'hang' || a.end === 'client-closed') return a.chunks > 0 ? 'stream-interrupted' : 'timeout';
    if (a.fault && /malformed|schema-drift/.test(a.fault.kind)) return 'malformed';
    return 'ok';
  }
  return errorClassOf(status);
}

function errorClassOf(status: number): ErrorClass {
  if (status === 429) return 'rate-limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'model-missing';
  if (status === 408) return 'timeout';
  if (status >= 400 && status < 500) return 'bad-request';
  return 'unavailable';
}

/** The log, marked when its backend cannot see a caller close a connection (see CALLER_CLOSE_UNSEEN). */
export function withCloseVisibility(log: UpstreamLog, backend: string): UpstreamLog {
  const unseen: string | undefined = (CALLER_CLOSE_UNSEEN as Record<string, string>)[backend];
  return unseen === undefined ? log : { ...log, callerCloseUnseen: unseen };
}
