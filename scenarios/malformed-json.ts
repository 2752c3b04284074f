import type { ScenarioInput } from 'brownout';

/**
 * OpenAI answers 200 with a JSON body cut in half. (A stream whose second event is cut is the
 * stream-cut scenario: once a chunk reached the caller, no router can fail over invisibly.)
 */
export default {
  id: 'malformed-json',
  title: 'OpenAI answers 200 with invalid JSON: detected, never shown to the caller, failed over',
  router: { attemptTimeoutMs: 500, deadlineMs: 2000, breaker: { consecutiveFailures: 100 } },
  traffic: { requests: 20, concurrency: 4 },
  faults: [{ kind: 'malformed', target: 'openai', mode: 'invalid-json', times: 10 }],
  checks: {
    availability: { min: 1 },
    'schema-valid': {},
  },
} satisfies ScenarioInput;
