import { describe, expect, it } from 'vitest';
import { breakerOpens } from '../../src/checks/breaker-opens.ts';
import type { HistoryRecord } from '../../src/history/history.ts';
import { attempt, ctx, failedOver, history, request, times } from './support/history.ts';

/** Requests 0..n-1 fail over from openai (503); from `skipFrom` on, openai is skipped (breaker open). */
function outage(n: number, skipFrom: number): HistoryRecord[] {
  return times(n, (i) =>
    i < skipFrom
      ? failedOver(i, 20)
      : request(i, {
          attempts: [attempt('huggingface', i * 100, 50)],
          skipped: ['openai'],
          servedBy: 'huggingface',
        }),
  );
}

describe('breaker-opens', () => {
  it('passes when the provider was skipped after at most k consecutive failures', () => {
    const h = history([request(0, { invokeMs: -100 }), ...outage(8, 5)]);
    const r = breakerOpens(h, { provider: 'openai', withinFailures: 5 }, ctx);
    expect(r).toMatchObject({ id: 'breaker-opens', verdict: 'pass', measured: 5, threshold: 5 });
    expect(r.message).toContain("openai's breaker opened at 500 ms after 5 consecutive failures");
  });

  it('fails when the breaker opened late, naming the requests past the limit', () => {
    const r = breakerOpens(history(outage(10, 7)), { provider: 'openai', withinFailures: 5 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 7, threshold: 5 });
    expect(r.message).toContain('2 attempt(s) began after consecutive failure 5 had ended');
    expect(r.message).toContain('requests #5, #6');
  });

  it('counts only the run of consecutive failures: a success resets it', () => {
    const records = outage(9, 7);
    records[2] = request(2); // openai served #2
    const r = breakerOpens(history(records), { provider: 'openai', withinFailures: 4 }, ctx);
    expect(r).toMatchObject({ verdict: 'pass', measured: 4 });
  });

  it('counts failures up to the breaker event, not those still in flight when it opened', () => {
    // Four concurrent requests fail on openai at 100, 110, 120, 130 ms; the breaker opens at the third.
    const records = times(4, (i) => failedOver(i, 100 + 10 * i, { invokeMs: 0 }));
    records.push(
      request(4, { invokeMs: 200, attempts: [attempt('huggingface', 200, 50)], skipped: ['openai'] }),
    );
    const events = [
      {
        atMs: 120.4,
        type: 'breaker' as const,
        provider: 'openai',
        from: 'closed',
        to: 'open',
        reason: '3 consecutive failures',
      },
    ];
    const r = breakerOpens(history(records, { events }), { provider: 'openai', withinFailures: 3 }, ctx);
    expect(r).toMatchObject({ verdict: 'pass', measured: 3 });
    // Without the event, the first skip (at 200 ms) is when it opened; the 4th failure was already in
    // flight when the 3rd ended (it began at 0 ms): no breaker could have stopped it.
    const withoutEvent = breakerOpens(history(records), { provider: 'openai', withinFailures: 3 }, ctx);
    expect(withoutEvent).toMatchObject({ verdict: 'pass', measured: 3 });
    expect(withoutEvent.message).toContain('1 already in flight then failed too');
  });

  it('fails when an attempt began after the k-th consecutive failure had ended', () => {
    const records = times(3, (i) => failedOver(i, 100 + 10 * i, { invokeMs: 0 }));
    // #3 began at 125 ms, after the 3rd failure ended at 120 ms: an open breaker would have stopped it.
    records.push(
      request(3, {
        invokeMs: 125,
        attempts: [attempt('openai', 125, 10, 'unavailable'), attempt('huggingface', 135, 20)],
        servedBy: 'huggingface',
      }),
    );
    records.push(
      request(4, { invokeMs: 200, attempts: [attempt('huggingface', 200, 50)], skipped: ['openai'] }),
    );
    const r = breakerOpens(history(records), { provider: 'openai', withinFailures: 3 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 4 });
    expect(r.message).toContain('1 attempt(s) began after consecutive failure 3 had ended, by requests #3');
  });

  it('is not applicable on a black box that reports no breaker events or skips', () => {
    const h = history(outage(8, 8), { attemptSource: 'upstream' });
    const r = breakerOpens(h, { provider: 'openai', withinFailures: 3 }, ctx);
    expect(r.verdict).toBe('not-applicable');
    expect(r.message).toContain('breaker-like');
  });

  it('fails when the breaker never opened although more than k attempts failed in a row', () => {
    const r = breakerOpens(history(outage(6, 6)), { provider: 'openai', withinFailures: 3 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 6 });
    expect(r.message).toContain('never opened though 6 failed in a row (requests #0, #1, #2 and 3 more)');
  });

  it('is vacuous (fail) when the failures never reached k', () => {
    const r = breakerOpens(history(outage(2, 2)), { provider: 'openai', withinFailures: 3 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 2 });
    expect(r.message).toContain('vacuous');
  });

  it('does not count cancelled hedges or bad requests as failures', () => {
    const records = times(4, (i) =>
      request(i, {
        attempts: [
          attempt('openai', i * 100, 50, i % 2 === 0 ? 'cancelled' : 'bad-request'),
          attempt('huggingface', i * 100, 20),
        ],
        servedBy: 'huggingface',
      }),
    );
    const r = breakerOpens(history(records), { provider: 'openai', withinFailures: 1 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 0 });
    expect(r.message).toContain('vacuous');
  });
});
