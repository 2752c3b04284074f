import { describe, expect, it } from 'vitest';
import { failFast } from '../../src/checks/fail-fast.ts';
import { ctx, failed, history, request } from './support/history.ts';

describe('fail-fast', () => {
  it('passes when every failure was quick and typed', () => {
    const h = history([request(0), failed(1, { latencyMs: 30 }), failed(2, { latencyMs: 80 })]);
    const r = failFast(h, { maxMs: 100 }, ctx);
    expect(r).toMatchObject({ verdict: 'pass', measured: 80 });
    expect(r.threshold).toMatchObject({ maxMs: 100 });
  });

  it('fails on a slow failure and on an untyped one, naming each', () => {
    const h = history([
      failed(0, { latencyMs: 30 }),
      failed(1, { latencyMs: 4800 }),
      failed(2, { error: { code: 'client-timeout', message: 'no answer within 10000 ms' } }),
      failed(3, { error: undefined }),
    ]);
    const r = failFast(h, { maxMs: 500 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 4800 });
    expect(r.message).toContain('1 took longer than 500 ms: #1 4800 ms');
    expect(r.message).toContain('2 without one of the codes');
    expect(r.message).toContain('#2 "client-timeout", #3 no error');
  });

  it('holds failures to the given codes', () => {
    const h = history([failed(0)]);
    expect(failFast(h, { maxMs: 100, codes: ['all-providers-failed'] }, ctx).verdict).toBe('pass');
    const r = failFast(h, { maxMs: 100, codes: ['no-provider-available'] }, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('#0 "all-providers-failed"');
  });

  it('is vacuous (fail) when no request failed', () => {
    const r = failFast(history([request(0)]), { maxMs: 100 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: null });
    expect(r.message).toContain('vacuous');
  });
});

describe('fail-fast with indeterminate requests', () => {
  it('holds a stream cut after output reached the caller to the bound only when asked', () => {
    const cut = failed(0, {
      completion: 'info',
      latencyMs: 900,
      error: { code: 'stream-interrupted', message: 'cut' },
    });
    const h = history([request(1), cut]);
    expect(failFast(h, { maxMs: 500 }, ctx).message).toContain('vacuous');
    const r = failFast(h, { maxMs: 500, codes: ['stream-interrupted'], includeIndeterminate: true }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 900 });
    expect(r.message).toContain('#0 900 ms');
  });
});

describe('fail-fast on a black box', () => {
  const gatewayError = (index: number, status?: number) =>
    failed(index, {
      attempts: [],
      error: {
        code: 'service_unavailable',
        message: 'upstream down',
        ...(status === undefined ? {} : { status }),
      },
    });
  it("judges failures by HTTP status and body, not brownout's codes", () => {
    const h = history([gatewayError(0, 503), gatewayError(1, 429)], { attemptSource: 'upstream' });
    expect(failFast(h, { maxMs: 500 }, ctx).verdict).toBe('pass');
  });
  it('fails a black-box failure that carried no HTTP error (a dropped connection)', () => {
    const h = history([gatewayError(0, 503), gatewayError(1)], { attemptSource: 'upstream' });
    const r = failFast(h, { maxMs: 500 }, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('1 without an HTTP error status and body (black box): #1');
  });
});
