import type { CheckContext } from '../../../src/checks/check.ts';
import type { History, HistoryRecord, UpstreamAttemptRecord } from '../../../src/history/history.ts';
import type { AttemptRecord } from '../../../src/router/errors.ts';

/** The policy of the synthetic router: two providers, 2 retries each. */
export const ctx: CheckContext = {
  providers: ['openai', 'huggingface'],
  secrets: [],
  policy: { attemptTimeoutMs: 1000, deadlineMs: 5000, maxAttempts: 6, maxRetries: 2 },
};

export function attempt(
  provider: string,
  startMs: number,
  ms: number,
  outcome: AttemptRecord['outcome'] = 'ok',
  extra: Partial<AttemptRecord> = {},
): AttemptRecord {
  return { provider, startMs, ms, outcome, ...extra };
}

/** A request served by `openai` at `invokeMs` in 100 ms, unless `fields` say otherwise. */
export function request(index: number, fields: Partial<HistoryRecord> = {}): HistoryRecord {
  const invokeMs = fields.invokeMs ?? index * 100;
  const latencyMs = fields.latencyMs ?? 100;
  return {
    index,
    stream: false,
    invokeMs,
    endMs: invokeMs + latencyMs,
    latencyMs,
    completion: 'ok',
    attempts: [attempt('openai', invokeMs, latencyMs)],
    skipped: [],
    servedBy: 'openai',
    failoverLatencyMs: 0,
    schemaValid: true,
    finishReason: 'stop',
    answers: 1,
    outputSample: 'Hello there',
    ...fields,
  };
}

/** A request no provider could serve: both failed with 503 once, in 40 ms unless `fields` say otherwise. */
export function failed(index: number, fields: Partial<HistoryRecord> = {}): HistoryRecord {
  const invokeMs = fields.invokeMs ?? index * 100;
  // Drop what only an answered request has.
  const { servedBy, failoverLatencyMs, schemaValid, finishReason, outputSample, ...base } = request(index, {
    invokeMs,
    latencyMs: fields.latencyMs ?? 40,
  });
  return {
    ...base,
    completion: 'fail',
    attempts: [
      attempt('openai', invokeMs, 20, 'unavailable', { status: 503 }),
      attempt('huggingface', invokeMs + 20, 20, 'unavailable', { status: 503 }),
    ],
    error: { code: 'all-providers-failed', message: 'every provider failed: openai 503, huggingface 503' },
    answers: 0,
    ...fields,
  };
}

/** A request the primary failed (503) and Hugging Face served after `failoverMs`. */
export function failedOver(
  index: number,
  failoverMs: number,
  fields: Partial<HistoryRecord> = {},
): HistoryRecord {
  const invokeMs = fields.invokeMs ?? index * 100;
  return request(index, {
    invokeMs,
    latencyMs: failoverMs + 50,
    attempts: [
      attempt('openai', invokeMs, failoverMs, 'unavailable', { status: 503 }),
      attempt('huggingface', invokeMs + failoverMs, 50),
    ],
    servedBy: 'huggingface',
    failoverLatencyMs: failoverMs,
    ...fields,
  });
}

export function history(records: HistoryRecord[], fields: Partial<History> = {}): History {
  return {
    records,
    probes: [],
    events: [],
    faults: [],
    injected: [],
    durationMs: Math.max(0, ...records.map((r) => r.endMs)),
    providers: ['openai', 'huggingface'],
    ...fields,
  };
}

/** `n` requests built by `make(i)`. */
export function times(n: number, make: (i: number) => HistoryRecord): HistoryRecord[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

/** An upstream attempt as the fake provider recorded it (scenario ms): a healthy 200 unless `fields` say otherwise. */
export function upstreamAttempt(
  provider: string,
  seq: number,
  startMs: number,
  endMs: number | undefined,
  fields: Partial<UpstreamAttemptRecord> = {},
): UpstreamAttemptRecord {
  return {
    seq,
    provider,
    operation: 'chat',
    stream: false,
    startMs,
    ...(endMs === undefined ? {} : { endMs }),
    status: 200,
    chunks: 1,
    bytes: 300,
    end: endMs === undefined ? 'hang' : 'complete',
    clientClosedEarly: false,
    ...fields,
  };
}

/** A history whose upstream log holds every record's upstream attempts (a black box: attempts from it). */
export function blackBox(records: HistoryRecord[], fields: Partial<History> = {}): History {
  return history(records, {
    attemptSource: 'upstream',
    upstream: { attempts: records.flatMap((r) => r.upstream ?? []), dropped: 0 },
    ...fields,
  });
}
