import { describe, expect, it } from 'vitest';
import { breakerOpens } from '../../src/checks/breaker-opens.ts';
import type { HistoryRecord } from '../../src/scenario/history.ts';
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
    expect(r.message).toContain('after 7');
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
    const withoutEvent = breakerOpens(history(records), { provider: 'openai', withinFailures: 3 }, ctx);
    expect(withoutEvent).toMatchObject({ verdict: 'fail', measured: 4 });
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
