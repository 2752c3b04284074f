import type { ScenarioInput } from 'brownout';

/**
 * OpenAI refuses half the requests with 400 `content_policy_violation`. No retry of the same model can help:
 * each fails at once, with one attempt, as a bad request carrying the provider's reason.
 */
export default {
  id: 'content-policy-violation',
  title: 'OpenAI 400 content_policy_violation: never retried, failed at once with the reason',
  router: {
    attemptTimeoutMs: 500,
    deadlineMs: 2000,
    retry: { maxRetries: 2, baseMs: 10, capMs: 40 },
    breaker: { consecutiveFailures: 3 },
  },
  traffic: { requests: 12, concurrency: 2, streaming: 0.25 },
  faults: [{ kind: 'invalid-request', target: 'openai', reason: 'content-policy', times: 6 }],
  checks: {
    'attempts-per-request': { max: 1 },
    'fail-fast': { maxMs: 300, codes: ['bad-request'] },
    'served-by': { provider: 'openai', min: 1 },
    'no-lost-requests': { expected: 12 },
  },
} satisfies ScenarioInput;
