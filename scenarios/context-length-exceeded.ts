import type { ScenarioInput } from 'brownout';

/**
 * OpenAI refuses half the requests with 400 `context_length_exceeded`. No retry of the same model can help:
 * each fails at once, with one attempt, as a bad request carrying the provider's reason. Failing it
 * over rather than failing it is a policy choice: a black box is held to the policy-neutral part.
 */
const POLICY = 'a bad request fails at once, never failed over to another provider';

export default {
  id: 'context-length-exceeded',
  title: 'OpenAI 400 context_length_exceeded: never retried, failed at once with the reason',
  router: {
    attemptTimeoutMs: 500,
    deadlineMs: 2000,
    retry: { maxRetries: 2, baseMs: 10, capMs: 40 },
    breaker: { consecutiveFailures: 3 },
  },
  traffic: { requests: 12, concurrency: 2, streaming: 0.25 },
  faults: [{ kind: 'invalid-request', target: 'openai', reason: 'context-length', times: 6 }],
  checks: {
    // Policy-neutral, for every system: the same model is never asked again after its 400, and a
    // request that fails, fails at once with a typed error that carries the provider's reason.
    'no-retry-on-fatal': { statuses: [400], per: 'model' },
    'fail-fast': {
      maxMs: 300,
      codes: ['bad-request'],
      mentions: ['context_length_exceeded', 'maximum context length'],
      referencePolicy: POLICY,
    },
    // The reference router's policy: no failover either. A black box may fail a bad request over
    // to another model (n/a there).
    'attempts-per-request': { max: 1, referencePolicy: POLICY },
    'served-by': { provider: 'openai', min: 1, referencePolicy: POLICY },
    'no-lost-requests': { expected: 12 },
  },
} satisfies ScenarioInput;
