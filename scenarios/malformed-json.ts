import type { ScenarioInput } from 'brownout';

/** OpenAI answers 200 with a body that is not JSON (a proxy's error page, a truncated body). */
export default {
  id: 'malformed-json',
  title: 'OpenAI answers 200 with invalid JSON: detected, never shown to the caller, failed over',
  router: { attemptTimeoutMs: 500, deadlineMs: 2000, breaker: { consecutiveFailures: 100 } },
  traffic: { requests: 20, concurrency: 4, streaming: 0.25 },
  faults: [{ kind: 'malformed', target: 'openai', mode: 'invalid-json', times: 10 }],
  checks: {
    availability: { min: 1 },
    'schema-valid': {},
    'stream-integrity': {},
  },
} satisfies ScenarioInput;
