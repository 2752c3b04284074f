import { describe, expect, it } from 'vitest';
import { validateCheckConfig } from '../../src/checks/config.ts';
import { rateLimitSurfaced } from '../../src/checks/rate-limit-surfaced.ts';
import type { HistoryRecord } from '../../src/history/history.ts';
import { attempt, blackBox, ctx, failed, history, request, upstreamAttempt } from './support/history.ts';

/** Both providers answered 429 at 0–20 ms: OpenAI asks for 5 s, Hugging Face for 3 s. */
const limits = [
  upstreamAttempt('openai', 1, 0, 10, { status: 429, advertisedWaitMs: 5000 }),
  upstreamAttempt('huggingface', 2, 10, 20, { status: 429, advertisedWaitMs: 3000 }),
];

/** A request that failed at `endMs` with the given caller-visible error. */
function gaveUp(index: number, endMs: number, error: HistoryRecord['error']): HistoryRecord {
  return failed(index, {
    invokeMs: endMs - 5,
    latencyMs: 5,
    endMs,
    attempts: [],
    ...(error ? { error } : {}),
  });
}

const rateLimited = (retryAfterMs?: number) => ({
  code: 'rate-limited',
  message: 'rate limited',
  status: 429,
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});

describe('rate-limit-surfaced', () => {
  it('passes when every failure is a 429 whose Retry-After reaches the soonest provider reset', () => {
    // At 100 ms Hugging Face reopens at 3020 ms: 2920 ms is just enough, 2890 ms within the 50 ms tolerance.
    const h = blackBox([], { upstream: { attempts: limits, dropped: 0 } });
    h.records = [
      gaveUp(0, 100, rateLimited(2920)),
      gaveUp(1, 200, rateLimited(2790)),
      gaveUp(2, 300, rateLimited(2700)),
    ];
    const r = rateLimitSurfaced(h, {}, ctx);
    expect(r).toMatchObject({ verdict: 'pass', measured: 2700 });
  });

  it('fails a Retry-After that sends the caller back before any provider would take it', () => {
    const h = blackBox([], { upstream: { attempts: limits, dropped: 0 } });
    h.records = [gaveUp(0, 100, rateLimited(1000)), gaveUp(1, 200, rateLimited(2900))];
    const r = rateLimitSurfaced(h, {}, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain(
      '1 were told to come back before any provider would take them: #0 told 1000 ms',
    );
  });

  it('fails a 500 "all providers failed" and a 429 without Retry-After', () => {
    const h = blackBox([], { upstream: { attempts: limits, dropped: 0 } });
    h.records = [
      gaveUp(0, 100, { code: 'all-providers-failed', message: 'x', status: 500 }),
      gaveUp(1, 200, rateLimited()),
    ];
    const r = rateLimitSurfaced(h, {}, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('failed as something other than a rate limit: #0 500 "all-providers-failed"');
    expect(r.message).toContain('1 rate limits carried no Retry-After: #1');
  });

  it('puts no lower bound while a provider has no wait pending (it could have served)', () => {
    const onlyOpenAI = [limits[0]!];
    const h = blackBox([], { upstream: { attempts: onlyOpenAI, dropped: 0 } });
    h.records = [gaveUp(0, 100, rateLimited(10))];
    expect(rateLimitSurfaced(h, {}, ctx).verdict).toBe('pass');
  });

  it('holds the Retry-After to maxRetryAfterMs when given', () => {
    const h = blackBox([], { upstream: { attempts: limits, dropped: 0 } });
    h.records = [gaveUp(0, 100, rateLimited(60_000))];
    const r = rateLimitSurfaced(h, { maxRetryAfterMs: 10_000 }, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('longer than 10000 ms: #0 60000 ms');
  });

  it('reads the reported attempts when there is no upstream record', () => {
    const tried = [
      attempt('openai', 0, 10, 'rate-limited', { status: 429, retryAfterMs: 5000 }),
      attempt('huggingface', 10, 10, 'rate-limited', { status: 429, retryAfterMs: 3000 }),
    ];
    const ok = history([
      failed(0, { invokeMs: 0, latencyMs: 25, attempts: tried, error: rateLimited(2980) }),
    ]);
    expect(rateLimitSurfaced(ok, {}, ctx).verdict).toBe('pass');
    const early = history([
      failed(0, { invokeMs: 0, latencyMs: 25, attempts: tried, error: rateLimited(500) }),
    ]);
    expect(rateLimitSurfaced(early, {}, ctx).verdict).toBe('fail');
  });

  it('is vacuous, and says so, when nothing failed or no provider advertised a wait', () => {
    const served = rateLimitSurfaced(history([request(0)]), {}, ctx);
    expect(served).toMatchObject({ verdict: 'fail', measured: null });
    expect(served.message).toMatch(/^vacuous: no request failed/);
    const noWait = rateLimitSurfaced(history([failed(0)]), {}, ctx);
    expect(noWait.message).toMatch(/^vacuous: no provider advertised a wait/);
  });

  it('is registered with a strict option schema', () => {
    expect(() =>
      validateCheckConfig({ 'rate-limit-surfaced': { toleranceMs: 10, maxRetryAfterMs: 9000 } }),
    ).not.toThrow();
    expect(() => validateCheckConfig({ 'rate-limit-surfaced': { tolerance: 10 } })).toThrow(
      /checks\.rate-limit-surfaced\.tolerance: unknown field; valid fields are toleranceMs/,
    );
  });
});
