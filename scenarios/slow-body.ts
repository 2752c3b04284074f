import type { ScenarioInput } from 'brownout';

/**
 * OpenAI sends its headers at once, then dribbles the body over a minute. A timeout on the first
 * byte never fires; the attempt timeout must cover the body too, and the request fail over.
 */
export default {
  id: 'slow-body',
  title: 'OpenAI answers headers at once and dribbles the body: the attempt times out, Hugging Face serves',
  router: {
    attemptTimeoutMs: 300,
    deadlineMs: 2000,
    retry: { maxRetries: 0 },
    breaker: { consecutiveFailures: 100 },
  },
  traffic: { requests: 12, concurrency: 4 },
  faults: [{ kind: 'timeout', target: 'openai', mode: 'slow-body', bodyMs: 60_000, times: 6 }],
  checks: {
    availability: { min: 1 },
    latency: { max: 1500 },
    'served-by': { provider: 'huggingface', min: 0.25 },
    'no-lost-requests': { expected: 12 },
    'no-orphan-attempts': {},
  },
} satisfies ScenarioInput;
