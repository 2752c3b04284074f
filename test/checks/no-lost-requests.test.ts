import { describe, expect, it } from 'vitest';
import { noLostRequests } from '../../src/checks/no-lost-requests.ts';
import { ctx, failed, history, request, times } from './support/history.ts';

describe('no-lost-requests', () => {
  it('passes when every request ended and ok ones were answered exactly once', () => {
    const h = history(times(5, (i) => (i === 2 ? failed(i) : request(i))));
    const r = noLostRequests(h, { expected: 5 }, ctx);
    expect(r).toMatchObject({ verdict: 'pass', measured: 0, threshold: { faults: 0, requests: 5 } });
  });

  it('fails on a request answered twice, an ok request never answered and one that never ended', () => {
    const h = history([
      request(0),
      request(1, { answers: 2 }),
      request(2, { answers: 0 }),
      failed(3, { endMs: Number.NaN }),
    ]);
    const r = noLostRequests(h, {}, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 3 });
    expect(r.message).toContain('#1 answered 2 times, #2 ok but answered 0 times, #3 never ended');
  });

  it('fails on a missing or duplicated request number', () => {
    const r = noLostRequests(history([request(0), request(0), request(3)]), {}, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('#0 recorded twice');
    expect(r.message).toContain('#1 missing');
  });

  it('fails when the count differs from the expected one', () => {
    const r = noLostRequests(history(times(3, (i) => request(i))), { expected: 4 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 1 });
    expect(r.message).toBe('expected 4 requests, saw 3');
  });
});
