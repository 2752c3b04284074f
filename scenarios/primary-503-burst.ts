import type { ScenarioInput } from 'brownout';

/** The classic outage: OpenAI answers 503 for a burst. Hugging Face must serve it, at once. */
export default {
  id: 'primary-503-burst',
  title: 'OpenAI answers 503 for a burst; Hugging Face serves every request',
  description:
    'The first 20 requests to OpenAI get a real 503 body. Failover must be immediate (no backoff sleep while a healthy fallback exists) and the answers schema-valid.',
  router: {
    attemptTimeoutMs: 500,
    deadlineMs: 3000,
    retry: { maxRetries: 1, baseMs: 20, capMs: 100 },
    breaker: { consecutiveFailures: 50 },
  },
  traffic: { requests: 40, concurrency: 4, streaming: 0.25 },
  faults: [{ kind: 'http-error', target: 'openai', status: 503, times: 20 }],
  checks: {
    availability: { min: 1 },
    'failover-latency': { p99: 150 },
    'schema-valid': {},
    'stream-integrity': {},
    'no-lost-requests': { expected: 40 },
  },
  properties: [{ id: 'healthy-provider-serves', runs: 25 }],
} satisfies ScenarioInput;
