import type { ScenarioInput } from 'brownout';

/** OpenAI answers valid JSON that breaks its own schema: an unknown finish_reason, then no choices. */
export default {
  id: 'schema-drift',
  title: 'OpenAI answers with schema drift: detected against the official schema and failed over',
  router: { attemptTimeoutMs: 500, deadlineMs: 2000, breaker: { consecutiveFailures: 100 } },
  traffic: { requests: 20, concurrency: 4 },
  faults: [
    {
      kind: 'schema-drift',
      target: 'openai',
      mode: 'unknown-finish-reason',
      finishReason: 'truncated_v2',
      times: 5,
    },
    { kind: 'schema-drift', target: 'openai', mode: 'missing-choices', times: 5 },
  ],
  checks: {
    availability: { min: 1 },
    'schema-valid': {},
  },
} satisfies ScenarioInput;
