import { describe, expect, it } from 'vitest';
import { latency } from '../../src/checks/latency.ts';
import { ctx, failed, history, request, times } from './support/history.ts';

describe('latency', () => {
  const h = history(times(100, (i) => request(i, { latencyMs: i + 1 })));

  it('passes when every bounded quantile of ok requests is within its bound', () => {
    const r = latency(h, { p50: 50, p95: 95, max: 100 }, ctx);
    expect(r.verdict).toBe('pass');
    expect(r.measured).toEqual({ p50: 50, p95: 95, max: 100 });
    expect(r.threshold).toEqual({ p50: 50, p95: 95, max: 100 });
  });

  it('fails on the exceeded quantile, naming the slowest requests', () => {
    const r = latency(h, { p50: 60, p99: 90 }, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.measured).toEqual({ p50: 50, p99: 99 });
    expect(r.message).toContain('expected p99 90 ms, saw p99 99 ms over 100');
    expect(r.message).toContain('#99 100 ms, #98 99 ms, #97 98 ms and 7 more');
    expect(r.message).not.toContain('p50 60');
  });

  it('ignores requests that did not complete ok', () => {
    const r = latency(
      history([request(0, { latencyMs: 80 }), failed(1, { latencyMs: 9000 })]),
      { max: 100 },
      ctx,
    );
    expect(r.verdict).toBe('pass');
    expect(r.measured).toEqual({ max: 80 });
  });

  it('fails as unmeasurable when no request completed ok', () => {
    const r = latency(history([failed(0)]), { p95: 100 }, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('no request completed ok');
  });
});
