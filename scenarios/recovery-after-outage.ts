import type { ScenarioInput } from 'brownout';

/** A 500 ms OpenAI outage: the breaker opens, then closes once OpenAI is back, and traffic returns to it. */
export default {
  id: 'recovery-after-outage',
  title: 'Recovery after an outage: breaker opens, closes, and traffic returns to OpenAI',
  router: {
    attemptTimeoutMs: 500,
    deadlineMs: 2000,
    retry: { maxRetries: 0 },
    breaker: { consecutiveFailures: 3, openMs: 200, halfOpenTrials: 1 },
  },
  traffic: { mode: 'open', ratePerSec: 40, durationMs: 1500 },
  faults: [{ kind: 'http-error', target: 'openai', status: 503, startMs: 0, durationMs: 500 }],
  checks: {
    availability: { min: 1 },
    'breaker-opens': { provider: 'openai', withinFailures: 3 },
    'traffic-returns': { provider: 'openai', withinMs: 400 },
  },
} satisfies ScenarioInput;
