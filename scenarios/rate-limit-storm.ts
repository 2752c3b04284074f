import type { ScenarioInput } from 'brownout';

/**
 * A 429 storm with Retry-After. A naive router retries at once and turns the storm into a retry
 * storm; this one must honour Retry-After router-wide and send the traffic to the fallback meanwhile.
 */
export default {
  id: 'rate-limit-storm',
  title: '429 storm on OpenAI with Retry-After: honoured, traffic moves to Hugging Face',
  router: {
    attemptTimeoutMs: 500,
    deadlineMs: 3000,
    retry: { maxRetries: 2, baseMs: 20, capMs: 100 },
    breaker: false,
  },
  traffic: { mode: 'open', ratePerSec: 50, durationMs: 1000 },
  faults: [{ kind: 'rate-limit', target: 'openai', retryAfterMs: 300, startMs: 0, durationMs: 400 }],
  checks: {
    availability: { min: 1 },
    'retry-after-honoured': {},
    'served-by': [
      { provider: 'huggingface', min: 0.2 },
      { provider: 'openai', min: 0.2 },
    ],
    'failover-latency': { p99: 150 },
    'traffic-returns': { provider: 'openai', withinMs: 500 },
  },
  properties: [{ id: 'retry-after', runs: 20 }],
} satisfies ScenarioInput;
