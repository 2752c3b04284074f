import { describe, expect, it } from 'vitest';
import { failFast } from '../../src/checks/fail-fast.ts';
import type { HistoryRecord } from '../../src/history/history.ts';
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
    expect(r.message).toContain('1 without an HTTP error status, an error body (type or code)');
    expect(r.message).toContain('(black box): #1 "service_unavailable"');
  });
});

/**
 * A stream that broke after its 200, as the examples in examples/systems/ let it reach their caller
 * (records as `brownout run --system ... --scenario stream-error-event` writes them).
 */
describe('fail-fast on a black box whose stream broke after its 200', () => {
  const cut = (index: number, error: NonNullable<HistoryRecord['error']>) =>
    failed(index, { completion: 'info', stream: true, chunks: 2, latencyMs: 120, attempts: [], error });
  const options = { maxMs: 500, codes: ['stream-interrupted'], includeIndeterminate: true };
  const judge = (...records: HistoryRecord[]) =>
    failFast(history(records, { attemptSource: 'upstream' }), options, ctx);

  it("accepts the openai SDK's APIError for an in-band error event (class and body type, no status)", () => {
    const r = judge(
      cut(0, {
        code: 'APIError',
        message: 'The server had an error while processing your request. Sorry about that!',
        name: 'APIError',
        reason: { type: 'server_error' },
      }),
    );
    expect(r.verdict).toBe('pass');
  });

  it("accepts the AI SDK's error part (a plain body object) and its APICallError on a cut", () => {
    const r = judge(
      cut(0, {
        code: 'Object',
        message: 'The server had an error while processing your request. Sorry about that!',
        name: 'Object',
        reason: { type: 'server_error' },
      }),
      cut(1, {
        code: 'http-200',
        message: 'Failed to process successful response',
        status: 200,
        name: 'APICallError',
      }),
    );
    expect(r.verdict).toBe('pass');
  });

  it("accepts a gateway's error body in the SSE error event: its own code, no status, no class", () => {
    const r = judge(
      cut(0, {
        code: 'stream-interrupted',
        message: 'upstream stream broke',
        reason: { code: 'stream-interrupted' },
      }),
      cut(1, { code: '500', message: 'upstream error', reason: { code: '500' } }),
    );
    expect(r.verdict).toBe('pass');
  });

  it("accepts a system's own named timeout (LangChain's TimeoutError) within the bound", () => {
    const r = judge(
      cut(0, {
        code: 'TimeoutError',
        message: 'The operation was aborted due to timeout',
        name: 'TimeoutError',
      }),
    );
    expect(r.verdict).toBe('pass');
  });

  it('still fails a bare TypeError: terminated, a body code without a message, and a hang', () => {
    const r = judge(
      cut(0, { code: 'TypeError', message: 'terminated', name: 'TypeError' }),
      cut(1, { code: 'http-error', message: '', reason: { code: 'stream-interrupted' } }),
      cut(2, { code: 'client-timeout', message: "no answer within the runner's 7000 ms request timeout" }),
      cut(3, {
        code: 'APIError',
        message: 'The server had an error',
        name: 'APIError',
        reason: { type: 'server_error' },
      }),
    );
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('3 without an HTTP error status');
    expect(r.message).toContain('#0 "TypeError", #1 "http-error", #2 "client-timeout"');
  });

  it('still fails a typed error that came too late', () => {
    const slow = failed(0, {
      completion: 'info',
      latencyMs: 2600,
      attempts: [],
      error: { code: 'APIUserAbortError', message: 'Request was aborted.', name: 'APIUserAbortError' },
    });
    const r = judge(slow);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('1 took longer than 500 ms: #0 2600 ms');
    expect(r.message).not.toContain('without');
  });

  it("holds the reference router to brownout's codes, whatever class or body its error has", () => {
    const typedElsewhere = cut(0, {
      code: 'APIError',
      message: 'The server had an error',
      name: 'APIError',
      reason: { type: 'server_error' },
    });
    const r = failFast(history([typedElsewhere]), options, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('without one of the codes stream-interrupted');
  });
});
