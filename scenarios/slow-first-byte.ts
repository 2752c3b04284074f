import type { ScenarioInput } from 'brownout';

/** OpenAI sends its headers only after 600 ms: longer than the attempt timeout allows. */
export default {
  id: 'slow-first-byte',
  title: 'OpenAI is slow to the first byte: timed out and failed over',
  router: {
    attemptTimeoutMs: 200,
    deadlineMs: 2000,
    retry: { maxRetries: 0 },
    breaker: { consecutiveFailures: 100 },
  },
  traffic: { requests: 20, concurrency: 4, streaming: 0.5 },
  faults: [{ kind: 'timeout', target: 'openai', mode: 'slow-headers', afterMs: 600, times: 10 }],
  checks: {
    availability: { min: 1 },
    'failover-latency': { p99: 350 },
    latency: { p99: 600 },
  },
} satisfies ScenarioInput;
