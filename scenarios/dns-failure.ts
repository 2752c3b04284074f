import type { ScenarioInput } from 'brownout';

/** OpenAI's host does not resolve. */
export default {
  id: 'dns-failure',
  title: 'OpenAI host does not resolve: failed over at once',
  router: {
    attemptTimeoutMs: 500,
    deadlineMs: 2000,
    retry: { maxRetries: 0 },
    breaker: { consecutiveFailures: 100 },
  },
  traffic: { requests: 16, concurrency: 4 },
  faults: [{ kind: 'network', target: 'openai', mode: 'dns' }],
  checks: {
    availability: { min: 1 },
    'served-by': { provider: 'huggingface', min: 1 },
  },
} satisfies ScenarioInput;
