import { describe, expect, it } from 'vitest';
import { retryAfterHonoured } from '../../src/checks/retry-after-honoured.ts';
import { attempt, blackBox, ctx, failedOver, history, request } from './support/history.ts';

/** Request #0: openai answers 429 at 10 ms (started at 0) with Retry-After 1 s: reset at 1010 ms. */
const limited = failedOver(0, 10, {
  invokeMs: 0,
  attempts: [
    attempt('openai', 0, 10, 'rate-limited', { status: 429, retryAfterMs: 1000 }),
    attempt('huggingface', 10, 50),
  ],
});

describe('retry-after-honoured', () => {
  it('passes when the provider is left alone until its reset; in-flight and other-provider attempts are fine', () => {
    const h = history([
      limited,
      request(1, { invokeMs: 5, attempts: [attempt('openai', 5, 100)] }), // in flight when the 429 arrived
      request(2, { invokeMs: 20, attempts: [attempt('huggingface', 20, 50)], servedBy: 'huggingface' }),
      request(3, { invokeMs: 1020 }),
    ]);
    const r = retryAfterHonoured(h, {}, ctx);
    expect(r).toMatchObject({
      verdict: 'pass',
      measured: 0,
      threshold: { earlyMs: 0, toleranceMs: 5, inFlightMs: 5 },
    });
  });

  it('fails on an attempt that started before the reset, naming the request and the 429 it ignored', () => {
    const h = history([limited, request(1, { invokeMs: 300 }), request(2, { invokeMs: 500 })]);
    const r = retryAfterHonoured(h, {}, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.measured).toBe(710);
    expect(r.message).toContain('saw 2');
    expect(r.message).toContain(
      '#1 → openai at 300 ms, 710 ms before the reset at 1010 ms (advertised to #0)',
    );
  });

  it('allows toleranceMs of earliness', () => {
    const h = history([limited, request(1, { invokeMs: 1007 })]);
    expect(retryAfterHonoured(h, {}, ctx).verdict).toBe('pass');
    const strict = retryAfterHonoured(h, { toleranceMs: 0 }, ctx);
    expect(strict.verdict).toBe('fail');
    expect(strict.measured).toBe(3);
  });

  it("ignores the router's own load shedding", () => {
    const shed = request(0, {
      invokeMs: 0,
      attempts: [
        attempt('openai', 0, 0, 'rate-limited', { detail: 'shed', retryAfterMs: 1000 }),
        attempt('openai', 1, 50),
      ],
    });
    const r = retryAfterHonoured(history([limited, shed]), {}, ctx);
    expect(r.verdict).toBe('pass');
  });

  it('is vacuous (fail) when no rate-limited attempt carried a Retry-After, unless allowNone', () => {
    const h = history([
      request(0),
      request(1, { attempts: [attempt('openai', 100, 5, 'rate-limited', { status: 429 })] }),
    ]);
    const r = retryAfterHonoured(h, {}, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('vacuous');
    expect(retryAfterHonoured(h, { allowNone: true }, ctx).verdict).toBe('pass');
  });
});

describe("retry-after-honoured from a router's own record", () => {
  it("allows another request's attempt started within 5 ms of the answer: the wait was still being read", () => {
    const h = history([limited, request(1, { invokeMs: 11, attempts: [attempt('openai', 11, 40)] })]);
    expect(retryAfterHonoured(h, {}, ctx).verdict).toBe('pass');
    expect(retryAfterHonoured(h, { inFlightMs: 0 }, ctx).verdict).toBe('fail');
  });
});

describe('retry-after-honoured beyond 429s', () => {
  it("holds a loading model's estimated_time (a 503 that advertises a wait) to the same rule", () => {
    const loading = attempt('huggingface', 0, 10, 'unavailable', {
      status: 503,
      retryAfterMs: 200,
      detail: 'model-loading',
    });
    const early = history([
      request(0, { attempts: [loading], completion: 'fail' }),
      request(1, { invokeMs: 50, attempts: [attempt('huggingface', 50, 10)] }),
    ]);
    const r = retryAfterHonoured(early, {}, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('#1 → huggingface at 50 ms');
    const patient = history([
      request(0, { attempts: [loading], completion: 'fail' }),
      request(1, { invokeMs: 215, attempts: [attempt('huggingface', 215, 10)] }),
    ]);
    expect(retryAfterHonoured(patient, {}, ctx).verdict).toBe('pass');
  });
});

describe('retry-after-honoured from the upstream record (a black box)', () => {
  // Times are the fake provider's: the 429 to #0 left it at 10 ms.
  const black = (records: Parameters<typeof history>[0]) => blackBox(records);

  it("does not blame another request's attempt that arrived just after the answer left: it was already in flight", () => {
    const h = black([limited, request(1, { invokeMs: 30, attempts: [attempt('openai', 30, 40)] })]);
    const r = retryAfterHonoured(h, {}, ctx);
    expect(r.verdict).toBe('pass');
    expect(r.threshold).toMatchObject({ inFlightMs: 100 });
    // The same history judged from the router's own record (its times) is a violation: 20 ms after.
    expect(retryAfterHonoured(history(h.records), {}, ctx).verdict).toBe('fail');
  });

  it('blames a retry of the same request at once: it was sent after its own 429 came back', () => {
    const retried = failedOver(0, 10, {
      invokeMs: 0,
      attempts: [
        attempt('openai', 0, 10, 'rate-limited', { status: 429, retryAfterMs: 1000 }),
        attempt('openai', 11, 10),
      ],
    });
    const r = retryAfterHonoured(black([retried]), {}, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain(
      '#0 → openai at 11 ms, 999 ms before the reset at 1010 ms (advertised to #0)',
    );
  });

  it('blames another request once the in-flight allowance is over', () => {
    const h = black([limited, request(1, { invokeMs: 150, attempts: [attempt('openai', 150, 40)] })]);
    const r = retryAfterHonoured(h, {}, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.measured).toBe(860);
    expect(retryAfterHonoured(h, { inFlightMs: 200 }, ctx).verdict).toBe('pass');
  });
});
