/** The checks that read the upstream record: each passes on a history where the system behaved, and fails where it did not. */
import { describe, expect, it } from 'vitest';
import { accounting } from '../../src/checks/accounting.ts';
import { breakerLike } from '../../src/checks/breaker-like.ts';
import { correlation } from '../../src/checks/correlation.ts';
import { failoverDelay } from '../../src/checks/failover-delay.ts';
import { noHammering } from '../../src/checks/no-hammering.ts';
import { MAX_LAG_ALLOWANCE_MS, noOrphanAttempts } from '../../src/checks/no-orphan-attempts.ts';
import { noRetryOnFatal } from '../../src/checks/no-retry-on-fatal.ts';
import { streamGaps } from '../../src/checks/stream-gaps.ts';
import { streamIntegrity } from '../../src/checks/stream-integrity.ts';
import type { HistoryRecord } from '../../src/history/history.ts';
import { attemptFromUpstream } from '../../src/scenario/upstream-join.ts';
import { blackBox, ctx, failed, history, request, times, upstreamAttempt } from './support/history.ts';

/** A black-box request served by `provider` after the upstream attempts `up` (attempts derived from them). */
function seen(
  index: number,
  up: ReturnType<typeof upstreamAttempt>[],
  fields: Partial<HistoryRecord> = {},
): HistoryRecord {
  const invokeMs = fields.invokeMs ?? index * 100;
  const servedBy = up.findLast((a) => a.status === 200)?.provider;
  const last = up.at(-1);
  return request(index, {
    invokeMs,
    endMs: (last?.endMs ?? invokeMs) + 1,
    key: `k.${index}`,
    upstream: up.map((a) => ({ ...a, key: `k.${index}` })),
    attempts: up.map((a) => attemptFromUpstream(a, 10_000)),
    ...(servedBy && last
      ? { servedBy, echo: { key: `k.${index}`, provider: servedBy, seq: last.seq, count: 1 } }
      : {}),
    ...fields,
  });
}

describe('correlation', () => {
  it('passes when each answer echoes one of its own attempts', () => {
    const h = blackBox([seen(0, [upstreamAttempt('openai', 1, 0, 20)])]);
    expect(correlation(h, {}, ctx)).toMatchObject({ verdict: 'pass', measured: 0 });
  });
  it("fails on another request's answer, a key that reached no provider, or stitched answers", () => {
    const wrong = seen(0, [upstreamAttempt('openai', 1, 0, 20)]);
    wrong.echo = { key: 'k.9', provider: 'openai', seq: 1, count: 2 };
    const nowhere = request(1, { key: 'k.1', upstream: [] });
    const r = correlation(blackBox([wrong, nowhere]), {}, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 3 });
    expect(r.message).toContain('#0 received the answer of another request (k.9)');
    expect(r.message).toContain('#0 carries 2 answers stitched into one and 1 more');
  });
  it('is not applicable without an upstream record', () => {
    expect(correlation(history([request(0)]), {}, ctx).verdict).toBe('not-applicable');
  });
});

describe('no-orphan-attempts', () => {
  it('passes when every attempt closed with its request', () => {
    const h = blackBox([seen(0, [upstreamAttempt('openai', 1, 0, 20)])]);
    expect(noOrphanAttempts(h, {}, ctx)).toMatchObject({ verdict: 'pass' });
  });
  it('fails on an attempt that began after the caller left, or stayed open', () => {
    const late = seen(0, [upstreamAttempt('openai', 1, 0, 20)]);
    late.upstream!.push(upstreamAttempt('huggingface', 2, 400, 420, { key: 'k.0' }));
    // Within the grace: a request queued in the socket arrives late; not counted.
    late.upstream!.push(upstreamAttempt('huggingface', 4, 60, 70, { key: 'k.0' }));
    const open = request(1, {
      invokeMs: 0,
      endMs: 400,
      key: 'k.1',
      upstream: [upstreamAttempt('openai', 3, 5, undefined)],
    });
    const r = noOrphanAttempts(blackBox([late, open]), { graceMs: 100 }, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('began after the caller left: #0 → huggingface#2');
    expect(r.message).toContain('#1 → openai#3 was still open');
  });
  it("widens the grace by the run's event-loop lag (capped), never for an attempt left open", () => {
    // The request ended at 100 ms; its attempt closed (on the provider's clock) 250 ms later.
    const closedLate = () => seen(0, [upstreamAttempt('openai', 1, 0, 350)], { endMs: 100 });
    expect(noOrphanAttempts(blackBox([closedLate()]), { graceMs: 100 }, ctx).verdict).toBe('fail');
    const lagged = noOrphanAttempts(blackBox([closedLate()], { loopLagMs: 200 }), { graceMs: 100 }, ctx);
    expect(lagged).toMatchObject({ verdict: 'pass', threshold: 300 });
    expect(lagged.message).toContain('100 ms + 200 ms event-loop lag');
    // A lag past the cap widens it by the cap only.
    const far = seen(0, [upstreamAttempt('openai', 1, 0, 100 + 100 + MAX_LAG_ALLOWANCE_MS + 50)], {
      endMs: 100,
    });
    expect(noOrphanAttempts(blackBox([far], { loopLagMs: 60_000 }), { graceMs: 100 }, ctx).verdict).toBe(
      'fail',
    );
    const open = seen(0, [upstreamAttempt('openai', 1, 0, undefined)], { endMs: 100 });
    expect(noOrphanAttempts(blackBox([open], { loopLagMs: 1500 }), {}, ctx).verdict).toBe('fail');
  });
  it('judges only late starts where the backend cannot see a caller close (nock)', () => {
    const unseen = 'nock never tells its reply that the caller aborted';
    const upstreamOf = (records: ReturnType<typeof seen>[]) => ({
      attempts: records.flatMap((r) => r.upstream ?? []),
      dropped: 0,
      callerCloseUnseen: unseen,
    });
    const closedLate = [seen(0, [upstreamAttempt('openai', 1, 0, 5000)], { endMs: 100 })];
    const r = noOrphanAttempts(blackBox(closedLate, { upstream: upstreamOf(closedLate) }), {}, ctx);
    expect(r.verdict).toBe('pass');
    expect(r.message).toContain(`closes not judged: ${unseen}`);
    const startedLate = [seen(0, [upstreamAttempt('openai', 1, 3000, 3010)], { endMs: 100 })];
    const late = noOrphanAttempts(blackBox(startedLate, { upstream: upstreamOf(startedLate) }), {}, ctx);
    expect(late.verdict).toBe('fail');
    expect(late.message).toContain('began after the caller left');
  });
});

describe('accounting', () => {
  const served = () =>
    seen(0, [
      upstreamAttempt('huggingface', 1, 0, 20, {
        answeredModel: 'openai/gpt-oss-20b',
        usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
      }),
    ]);
  it("passes when model and usage are the serving attempt's", () => {
    const r = served();
    r.answer = {
      model: 'openai/gpt-oss-20b',
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    };
    expect(accounting(blackBox([r]), {}, ctx)).toMatchObject({ verdict: 'pass' });
  });
  it('fails on a model the serving attempt did not answer with, or missing usage', () => {
    const r = served();
    r.answer = { model: 'gpt-4o-mini' };
    const out = accounting(blackBox([r]), {}, ctx);
    expect(out).toMatchObject({ verdict: 'fail', measured: 2 });
    expect(out.message).toContain('huggingface served openai/gpt-oss-20b');
    expect(out.message).toContain('#0 has no usage');
  });
});

describe('no-hammering', () => {
  const failing = (n: number, gapMs: number) =>
    blackBox(
      times(n, (i) =>
        seen(i, [upstreamAttempt('openai', i + 1, i * gapMs, i * gapMs + 5, { status: 503 })], {
          invokeMs: i * gapMs,
        }),
      ),
    );
  it('passes when failed attempts on a provider stay within the bound per window', () => {
    expect(noHammering(failing(6, 300), { provider: 'openai', max: 4, windowMs: 1000 }, ctx)).toMatchObject({
      verdict: 'pass',
      measured: 4,
    });
  });
  it('fails when a failing provider is hammered', () => {
    const r = noHammering(failing(10, 20), { provider: 'openai', max: 4, windowMs: 1000 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 10 });
  });
});

describe('failover-delay', () => {
  const failingOver = (waitMs: number) =>
    blackBox([
      seen(0, [
        upstreamAttempt('openai', 1, 0, 10, { status: 503 }),
        upstreamAttempt('huggingface', 2, 10 + waitMs, 30 + waitMs),
      ]),
    ]);
  it('passes when the fallback attempt starts promptly after the first failure', () => {
    expect(failoverDelay(failingOver(5), { max: 100 }, ctx)).toMatchObject({
      verdict: 'pass',
      measured: { max: 5 },
    });
  });
  it('fails when time is spent on the failing primary before failing over', () => {
    const r = failoverDelay(failingOver(1600), { max: 500 }, ctx);
    expect(r.verdict).toBe('fail');
  });
});

describe('no-retry-on-fatal', () => {
  it('passes when a 401 leads to failover', () => {
    const h = blackBox([
      seen(0, [
        upstreamAttempt('openai', 1, 0, 5, { status: 401 }),
        upstreamAttempt('huggingface', 2, 6, 20),
      ]),
    ]);
    expect(noRetryOnFatal(h, {}, ctx)).toMatchObject({ verdict: 'pass' });
  });
  it('fails when a 401 is retried on the same provider', () => {
    const h = blackBox([
      seen(0, [
        upstreamAttempt('openai', 1, 0, 5, { status: 401 }),
        upstreamAttempt('openai', 2, 6, 10, { status: 401 }),
        upstreamAttempt('huggingface', 3, 11, 20),
      ]),
    ]);
    const r = noRetryOnFatal(h, {}, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 1 });
    expect(r.message).toContain('#0 asked openai again after its 401');
  });
});

describe('breaker-like', () => {
  const outage = (stillTrying: boolean) =>
    blackBox(
      times(12, (i) => {
        const t = i * 100;
        const tries = i < 3 || stillTrying || i >= 10;
        const up = tries
          ? [upstreamAttempt('openai', 2 * i + 1, t, t + 5, { status: i >= 10 ? 200 : 503 })]
          : [];
        if (i < 10) up.push(upstreamAttempt('huggingface', 2 * i + 2, t + 6, t + 20));
        return seen(i, up, { invokeMs: t });
      }),
      { faults: [{ index: 0, kind: 'http-error', target: 'openai', startMs: 0, endMs: 1000 }] },
    );
  it('passes when attempts on the failing provider fall off and return after the outage', () => {
    expect(breakerLike(outage(false), { provider: 'openai' }, ctx)).toMatchObject({
      verdict: 'pass',
      measured: 0,
    });
  });
  it('fails when every request still tries the failing provider', () => {
    const r = breakerLike(outage(true), { provider: 'openai' }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 1 });
  });
});

describe('stream-gaps', () => {
  it('passes when no gap between chunks exceeds the bound, fails when one does', () => {
    const h = history([
      request(0, { stream: true, maxChunkGapMs: 40 }),
      request(1, { stream: true, maxChunkGapMs: 2500 }),
    ]);
    expect(streamGaps(h, { maxMs: 3000 }, ctx)).toMatchObject({ verdict: 'pass', measured: 2500 });
    const r = streamGaps(h, { maxMs: 1000 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 2500 });
    expect(r.message).toContain('#1 2500 ms');
  });
});

describe('stream-integrity from the upstream record', () => {
  it('fails a stream counted ok whose upstream answer was cut', () => {
    const cut = seen(0, [upstreamAttempt('openai', 1, 0, 20, { stream: true, end: 'reset', chunks: 2 })], {
      stream: true,
    });
    const r = streamIntegrity(blackBox([cut]), {}, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('cut upstream were passed off as complete: #0 (ok, but openai#1 reset)');
  });
  it('names the fault that broke an answer the fake wrote to its end', () => {
    const broken = seen(
      0,
      [
        upstreamAttempt('openai', 1, 0, 20, {
          stream: true,
          chunks: 2,
          fault: { index: 0, kind: 'stream-cut', variant: 'stream-cut:after-chunks' },
        }),
      ],
      { stream: true },
    );
    const r = streamIntegrity(blackBox([broken]), {}, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('#0 (ok, but openai#1 broken by stream-cut:after-chunks)');
  });
  it('passes a stream counted ok whose upstream answer was whole', () => {
    const whole = seen(0, [upstreamAttempt('openai', 1, 0, 20, { stream: true, chunks: 5 })], {
      stream: true,
    });
    expect(streamIntegrity(blackBox([whole]), {}, ctx).verdict).toBe('pass');
  });
  it('passes a whole stream that ended without [DONE] (complete-no-done), fails the cut modes', () => {
    const withFault = (variant: string) =>
      seen(
        0,
        [
          upstreamAttempt('openai', 1, 0, 20, {
            stream: true,
            chunks: 5,
            fault: { index: 0, kind: 'stream-cut', variant },
          }),
        ],
        { stream: true },
      );
    const whole = withFault('stream-cut:complete-no-done');
    expect(streamIntegrity(blackBox([whole]), {}, ctx).verdict).toBe('pass');
    const finished = withFault('stream-cut:error-finish');
    expect(streamIntegrity(blackBox([finished]), {}, ctx).verdict).toBe('fail');
  });
  it('fails a failed request too: a stream that failed counts as failed (control)', () => {
    const r = streamIntegrity(history([failed(0, { stream: true, error: undefined })]), {}, ctx);
    expect(r.verdict).toBe('fail');
  });
});
