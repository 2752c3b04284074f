import type { History, UpstreamAttemptRecord } from '../history/history.ts';
import type { UpstreamAttemptSummary, UpstreamSummary } from '../report/model.ts';

/** Requests whose attempts the report lists one by one; the rest are counted. */
const LISTED = 200;

const round = (n: number) => Math.round(n * 100) / 100;

function summarizeAttempt(a: UpstreamAttemptRecord): UpstreamAttemptSummary {
  const out: UpstreamAttemptSummary = {
    provider: a.provider,
    seq: a.seq,
    startMs: round(a.startMs),
    endMs: a.endMs === undefined ? null : round(a.endMs),
    status: a.status ?? null,
    end: a.end,
  };
  if (a.fault) out.fault = a.fault.kind;
  if (a.advertisedWaitMs !== undefined) out.waitMs = a.advertisedWaitMs;
  return out;
}

/** The report's view of the upstream record, or undefined when the backend keeps none. */
export function upstreamSummary(history: History): UpstreamSummary | undefined {
  if (history.upstream === undefined) return undefined;
  const chat = history.upstream.attempts.filter((a) => a.operation === 'chat');
  const byProvider: UpstreamSummary['byProvider'] = {};
  for (const a of chat) {
    const entry = byProvider[a.provider] ?? { attempts: 0, failed: 0 };
    entry.attempts++;
    if (a.status === undefined || a.status >= 400 || a.end !== 'complete') entry.failed++;
    byProvider[a.provider] = entry;
  }
  const withAttempts = history.records.filter((r) => (r.upstream?.length ?? 0) > 0);
  return {
    attempts: chat.length,
    untagged: chat.filter((a) => a.key === undefined).length,
    dropped: history.upstream.dropped,
    byProvider,
    requests: withAttempts
      .slice(0, LISTED)
      .map((r) => ({ index: r.index, attempts: (r.upstream ?? []).map(summarizeAttempt) })),
    omitted: Math.max(0, withAttempts.length - LISTED),
  };
}
