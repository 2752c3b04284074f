import type fc from 'fast-check';
import type { FaultInput } from '../../faults/model.ts';
import type { History, HistoryRecord } from '../../history/history.ts';
import type { CheckContext } from '../check.ts';
import { retryAfterHonoured } from '../retry-after-honoured.ts';
import { anyTimeline, timelineSparing } from './fault-timeline.ts';

/**
 * The property checks: each names the fault timelines it draws and what must hold of the
 * requests sent under them. A predicate returns undefined when it holds, else why not.
 */
export interface PropertyDefinition {
  id: string;
  describe: string;
  timeline(ctx: CheckContext): fc.Arbitrary<FaultInput[]>;
  holds(history: History, ctx: CheckContext): string | undefined;
}

const fallbackOf = (ctx: CheckContext) => ctx.providers[ctx.providers.length - 1] as string;

function firstViolation(
  records: HistoryRecord[],
  test: (r: HistoryRecord) => string | undefined,
): string | undefined {
  for (const record of records) {
    const why = test(record);
    if (why) return `request #${record.index}${record.stream ? ' (stream)' : ''}: ${why}`;
  }
  return undefined;
}

const attemptsSummary = (r: HistoryRecord) =>
  r.attempts.map((a) => `${a.provider} ${a.outcome}${a.status ? ` ${a.status}` : ''}`).join(' → ') ||
  'no attempt';

export const PROPERTIES: Record<string, PropertyDefinition> = {
  'healthy-provider-serves': {
    id: 'healthy-provider-serves',
    describe:
      'while one provider stays healthy for a request’s whole life, the request succeeds within the deadline',
    timeline: (ctx) => timelineSparing(ctx.providers, fallbackOf(ctx)),
    holds: (history, ctx) =>
      firstViolation(history.records, (r) => {
        if (r.completion !== 'ok')
          return `failed (${r.error?.code ?? 'no error'}: ${r.error?.message ?? ''}) after ${attemptsSummary(r)}`;
        if (r.latencyMs > ctx.policy.deadlineMs)
          return `took ${Math.round(r.latencyMs)} ms, past the ${ctx.policy.deadlineMs} ms deadline`;
        return undefined;
      }),
  },
  'schema-parity': {
    id: 'schema-parity',
    describe: 'every answer is valid against the official OpenAI schema, whichever provider served it',
    timeline: (ctx) => anyTimeline(ctx.providers),
    holds: (history) =>
      firstViolation(history.records, (r) =>
        (r.completion === 'ok' || r.completion === 'info') && r.schemaValid === false
          ? `${r.servedBy ?? 'a provider'}'s answer breaks the schema: ${r.schemaError ?? 'invalid'}`
          : undefined,
      ),
  },
  'failover-bound': {
    id: 'failover-bound',
    describe:
      'failover to a healthy provider costs at most the failed attempts’ timeouts (no backoff sleep while a healthy fallback waits)',
    timeline: (ctx) => timelineSparing(ctx.providers, fallbackOf(ctx)),
    holds: (history, ctx) =>
      firstViolation(history.records, (r) => {
        if (r.completion !== 'ok' || r.failoverLatencyMs === undefined || r.servedBy === ctx.providers[0])
          return undefined;
        const failed = r.attempts.filter((a) => a.outcome !== 'ok' && a.outcome !== 'cancelled').length;
        const bound = failed * ctx.policy.attemptTimeoutMs + 50;
        return r.failoverLatencyMs > bound
          ? `failed over after ${Math.round(r.failoverLatencyMs)} ms, more than ${bound} ms for ${failed} failed attempt(s) (${attemptsSummary(r)})`
          : undefined;
      }),
  },
  'attempt-bound': {
    id: 'attempt-bound',
    describe: 'no request makes more attempts than the policy allows',
    timeline: (ctx) => anyTimeline(ctx.providers),
    holds: (history, ctx) =>
      firstViolation(history.records, (r) =>
        r.attempts.length > ctx.policy.maxAttempts
          ? `${r.attempts.length} attempts, the policy allows ${ctx.policy.maxAttempts} (${attemptsSummary(r)})`
          : undefined,
      ),
  },
  'retry-after': {
    id: 'retry-after',
    describe: 'no attempt reaches a provider before the reset its 429 advertised',
    timeline: (ctx) => anyTimeline(ctx.providers),
    holds: (history, ctx) => {
      const result = retryAfterHonoured(history, { toleranceMs: 5, allowNone: true }, ctx);
      return result.verdict === 'pass' ? undefined : result.message;
    },
  },
};
