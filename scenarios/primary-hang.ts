import type { ScenarioInput } from 'brownout';

/** OpenAI accepts the connection and never answers. The attempt timeout must fire, then failover. */
export default {
  id: 'primary-hang',
  title: 'OpenAI hangs: the attempt timeout fires and Hugging Face serves',
  router: {
    attemptTimeoutMs: 200,
    deadlineMs: 2000,
    retry: { maxRetries: 0 },
    breaker: { consecutiveFailures: 4, openMs: 10000 },
  },
  traffic: { requests: 24, concurrency: 4, streaming: 0.5 },
  faults: [{ kind: 'timeout', target: 'openai', mode: 'hang' }],
  checks: {
    availability: { min: 1 },
    'failover-latency': { p99: 350 },
    latency: { p99: 600 },
    'breaker-opens': { provider: 'openai', withinFailures: 8 },
    'no-lost-requests': { expected: 24 },
    'no-orphan-attempts': {},
  },
} satisfies ScenarioInput;
