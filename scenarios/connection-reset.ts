import type { ScenarioInput } from 'brownout';

/** OpenAI's connections are reset (a real RST on the loopback server). */
export default {
  id: 'connection-reset',
  title: 'OpenAI resets connections: classified as network errors and failed over',
  router: {
    attemptTimeoutMs: 500,
    deadlineMs: 2000,
    retry: { maxRetries: 1, baseMs: 10, capMs: 50 },
    breaker: { consecutiveFailures: 100 },
  },
  traffic: { requests: 24, concurrency: 4, streaming: 0.25 },
  faults: [{ kind: 'network', target: 'openai', mode: 'reset', times: 12 }],
  checks: {
    availability: { min: 1 },
    'failover-latency': { p99: 150 },
    'schema-valid': {},
  },
} satisfies ScenarioInput;
