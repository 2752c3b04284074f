import type { ScenarioInput } from 'brownout';

/** Both providers are down. Nothing can serve: fail fast with a reason, never hang. */
export default {
  id: 'total-outage',
  title: 'Total outage: every request fails fast with a typed error',
  router: {
    attemptTimeoutMs: 500,
    deadlineMs: 2000,
    retry: { maxRetries: 1, baseMs: 10, capMs: 40 },
    breaker: { consecutiveFailures: 3, openMs: 10000 },
  },
  // One at a time: when the breakers open is then the same on every run with one seed.
  traffic: { requests: 20, concurrency: 1, streaming: 0.25 },
  faults: [
    { kind: 'http-error', target: 'openai', status: 503 },
    { kind: 'http-error', target: 'huggingface', status: 502, path: '/v1/chat/completions' },
  ],
  // Nothing can serve: the best outcome is a bounded, typed error (grade safe).
  ideal: 'safe',
  checks: {
    'fail-fast': { maxMs: 300, codes: ['all-providers-failed', 'no-provider-available'] },
    'no-lost-requests': { expected: 20 },
  },
} satisfies ScenarioInput;
