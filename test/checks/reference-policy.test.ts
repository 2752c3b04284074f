import { describe, expect, it } from 'vitest';
import { attemptsPerRequest } from '../../src/checks/attempts-per-request.ts';
import { failFast } from '../../src/checks/fail-fast.ts';
import { noRetryOnFatal } from '../../src/checks/no-retry-on-fatal.ts';
import { servedBy } from '../../src/checks/served-by.ts';
import type { HistoryRecord } from '../../src/history/history.ts';
import { attempt, blackBox, ctx, failed, history, request, upstreamAttempt } from './support/history.ts';

const POLICY = 'a bad request fails at once, never failed over to another provider';
const REASON = "This model's maximum context length is 128000 tokens.";

/** A 400 context_length_exceeded from OpenAI, failed over to Hugging Face (what most gateways do). */
function failedOverBadRequest(index: number): HistoryRecord {
  const at = index * 100;
  return request(index, {
    servedBy: 'huggingface',
    upstream: [
      upstreamAttempt('openai', index * 2 + 1, at, at + 5, { status: 400, model: 'gpt-4o-mini' }),
      upstreamAttempt('huggingface', index * 2 + 2, at + 5, at + 60, { model: 'openai/gpt-oss-20b' }),
    ],
    attempts: [attempt('openai', at, 5, 'bad-request', { status: 400 }), attempt('huggingface', at + 5, 55)],
  });
}

/** A 400 that a gateway propagated, typed by its status, with the provider's reason in the message. */
function propagated(
  index: number,
  message = `400 ${REASON}`,
  code = 'context_length_exceeded',
): HistoryRecord {
  const at = index * 100;
  return failed(index, {
    latencyMs: 20,
    upstream: [upstreamAttempt('openai', index + 50, at, at + 5, { status: 400, model: 'gpt-4o-mini' })],
    attempts: [attempt('openai', at, 5, 'bad-request', { status: 400 })],
    error: {
      code,
      message,
      status: 400,
      reason: { type: 'invalid_request_error' },
    },
  });
}

describe('checks that encode the reference router policy (referencePolicy)', () => {
  const failover = blackBox([request(0), failedOverBadRequest(1), failedOverBadRequest(2)]);

  it('are n/a for a black box that failed a bad request over, naming the policy', () => {
    const attempts = attemptsPerRequest(failover, { max: 1, referencePolicy: POLICY }, ctx);
    expect(attempts.verdict).toBe('not-applicable');
    expect(attempts.message).toContain(POLICY);
    const served = servedBy(failover, { provider: 'openai', min: 1, referencePolicy: POLICY }, ctx);
    expect(served.verdict).toBe('not-applicable');
    const fast = failFast(failover, { maxMs: 300, referencePolicy: POLICY }, ctx);
    expect(fast.verdict).toBe('not-applicable');
    expect(fast.message).toContain(POLICY);
  });

  it('still fail the reference router (its own attempts) that failed a bad request over', () => {
    const reference = history([request(0), failedOverBadRequest(1)]);
    expect(attemptsPerRequest(reference, { max: 1, referencePolicy: POLICY }, ctx).verdict).toBe('fail');
    expect(servedBy(reference, { provider: 'openai', min: 1, referencePolicy: POLICY }, ctx).verdict).toBe(
      'fail',
    );
    const fast = failFast(reference, { maxMs: 300, referencePolicy: POLICY }, ctx);
    expect(fast.verdict).toBe('fail');
    expect(fast.message).toContain('vacuous');
  });

  it('without referencePolicy, hold a black box to the bound as before', () => {
    expect(attemptsPerRequest(failover, { max: 1 }, ctx).verdict).toBe('fail');
    expect(servedBy(failover, { provider: 'openai', min: 1 }, ctx).verdict).toBe('fail');
  });

  it('leave fail-fast judging a black box that did fail: typed by status, the reason propagated', () => {
    const mentions = ['context_length_exceeded', 'maximum context length'];
    const options = { maxMs: 300, codes: ['bad-request'], mentions, referencePolicy: POLICY };
    expect(failFast(blackBox([request(0), propagated(1)]), options, ctx).verdict).toBe('pass');
    const lost = failFast(
      blackBox([propagated(1), propagated(2, '400 status code (no body)', 'http-400')]),
      options,
      ctx,
    );
    expect(lost.verdict).toBe('fail');
    expect(lost.message).toContain("1 lost the provider's reason");
    expect(lost.message).toContain('#2 "400 status code (no body)"');
  });

  it("hold the reference router's bad-request error to the reason too", () => {
    const routerError = (index: number, message: string) =>
      failed(index, { latencyMs: 25, error: { code: 'bad-request', message } });
    const options = { maxMs: 300, codes: ['bad-request'], mentions: ['maximum context length'] };
    expect(failFast(history([routerError(0, `openai answered 400: ${REASON}`)]), options, ctx).verdict).toBe(
      'pass',
    );
    expect(failFast(history([routerError(0, 'openai answered 400')]), options, ctx).verdict).toBe('fail');
  });
});

describe('no-retry-on-fatal per model (policy-neutral: read from the upstream record)', () => {
  const again = (model: string) =>
    request(0, {
      upstream: [
        upstreamAttempt('openai', 1, 0, 5, { status: 400, model: 'gpt-4o-mini' }),
        upstreamAttempt('openai', 2, 20, 80, { status: 400, model }),
      ],
      attempts: [
        attempt('openai', 0, 5, 'bad-request', { status: 400 }),
        attempt('openai', 20, 60, 'bad-request', { status: 400 }),
      ],
    });

  it('fails a retry of the same model after its 400', () => {
    const r = noRetryOnFatal(blackBox([again('gpt-4o-mini')]), { statuses: [400], per: 'model' }, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('#0 asked openai (gpt-4o-mini) again after its 400');
  });

  it('passes asking another model (a longer context) on the same provider, which per provider fails', () => {
    const h = blackBox([again('gpt-4.1')]);
    expect(noRetryOnFatal(h, { statuses: [400], per: 'model' }, ctx).verdict).toBe('pass');
    expect(noRetryOnFatal(h, { statuses: [400] }, ctx).verdict).toBe('fail');
  });

  it('passes a failover to another provider, and is vacuous when no 400 was answered', () => {
    expect(
      noRetryOnFatal(blackBox([failedOverBadRequest(0)]), { statuses: [400], per: 'model' }, ctx),
    ).toMatchObject({ verdict: 'pass' });
    expect(noRetryOnFatal(blackBox([request(0)]), { statuses: [400], per: 'model' }, ctx).message).toContain(
      'vacuous',
    );
  });
});
