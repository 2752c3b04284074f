import type { ScenarioInput } from 'brownout';

/**
 * A chunk in the middle of OpenAI's stream is not JSON; the events around it and `[DONE]` are fine.
 * Skipping it would serve an answer with a hole in it; it must count as a failure of the attempt
 * (here before any content reached the caller, so failover stays invisible).
 */
export default {
  id: 'stream-malformed-chunk',
  title: 'A malformed chunk mid-stream: never skipped, the attempt fails and Hugging Face serves',
  router: { attemptTimeoutMs: 500, deadlineMs: 2000, retry: { maxRetries: 0 }, breaker: false },
  traffic: { requests: 12, concurrency: 4, streaming: 1 },
  faults: [{ kind: 'malformed', target: 'openai', mode: 'invalid-json', times: 6 }],
  checks: {
    availability: { min: 1 },
    'stream-integrity': {},
    'schema-valid': {},
    'served-by': { provider: 'huggingface', min: 0.25 },
    'no-lost-requests': { expected: 12 },
  },
} satisfies ScenarioInput;
