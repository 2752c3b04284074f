import { describe, expect, it } from 'vitest';
import { failoverLatency } from '../../src/checks/failover-latency.ts';
import { ctx, failedOver, history, request } from './support/history.ts';

describe('failover-latency', () => {
  it('measures only requests served by other than the primary', () => {
    const h = history([request(0, { latencyMs: 5000 }), failedOver(1, 120), failedOver(2, 200)]);
    const r = failoverLatency(h, { p95: 250 }, ctx);
    expect(r).toMatchObject({
      id: 'failover-latency',
      verdict: 'pass',
      measured: { p95: 200 },
      threshold: { p95: 250 },
    });
    expect(r.message).toContain('other than openai');
  });

  it('fails when failover is slower than the bound, naming the request', () => {
    const h = history([failedOver(0, 100), failedOver(1, 900), request(2)]);
    const r = failoverLatency(h, { max: 500 }, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.measured).toEqual({ max: 900 });
    expect(r.message).toContain('#1 900 ms');
    expect(r.message).not.toContain('#0');
  });

  it('is vacuous (fail) when no request failed over, unless allowNone', () => {
    const h = history([request(0), request(1)]);
    const vacuous = failoverLatency(h, { p99: 100 }, ctx);
    expect(vacuous.verdict).toBe('fail');
    expect(vacuous.message).toContain('vacuous');
    expect(failoverLatency(h, { p99: 100, allowNone: true }, ctx).verdict).toBe('pass');
  });

  it('takes the primary from the context', () => {
    const h = history([failedOver(0, 300)]);
    const r = failoverLatency(h, { max: 100 }, { ...ctx, providers: ['huggingface', 'openai'] });
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('vacuous');
  });
});
