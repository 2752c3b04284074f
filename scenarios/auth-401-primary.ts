import type { ScenarioInput } from 'brownout';

/** The OpenAI key was rotated and nobody told the app: every call is a 401. */
export default {
  id: 'auth-401-primary',
  title: 'OpenAI rejects the key (401): failover without retries, breaker opens',
  router: { attemptTimeoutMs: 500, deadlineMs: 2000, breaker: { consecutiveFailures: 3, openMs: 10000 } },
  traffic: { requests: 20, concurrency: 2 },
  faults: [{ kind: 'auth', target: 'openai', status: 401 }],
  checks: {
    availability: { min: 1 },
    'attempts-per-request': { max: 2 },
    'no-retry-on-fatal': {},
    'breaker-opens': { provider: 'openai', withinFailures: 4 },
    'served-by': { provider: 'huggingface', min: 1 },
  },
} satisfies ScenarioInput;
