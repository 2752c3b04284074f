import type { ScenarioInput } from 'brownout';

/** OpenAI flaps: 503 for half of every 200 ms. */
export default {
  id: 'flapping-primary',
  title: 'OpenAI flaps between healthy and 503: every request is served',
  router: {
    attemptTimeoutMs: 500,
    deadlineMs: 2000,
    retry: { maxRetries: 1, baseMs: 10, capMs: 50 },
    breaker: false,
  },
  traffic: { mode: 'open', ratePerSec: 40, durationMs: 1200 },
  faults: [{ kind: 'http-error', target: 'openai', status: 503, flap: { periodMs: 200, dutyCycle: 0.5 } }],
  checks: {
    availability: { min: 1 },
    'failover-latency': { p99: 150 },
    'served-by': { provider: 'openai', min: 0.2, max: 0.8 },
  },
} satisfies ScenarioInput;
