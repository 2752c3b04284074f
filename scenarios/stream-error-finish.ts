import type { ScenarioInput } from 'brownout';

/**
 * OpenAI's 200 stream ends with `finish_reason: "error"` (the in-band error of vLLM and some
 * gateways) and a clean close. It has a finish_reason, and it is not an answer: a typed error.
 */
export default {
  id: 'stream-error-finish',
  title: 'finish_reason "error" inside a 200 stream: a typed error, never a clean end',
  router: { attemptTimeoutMs: 500, deadlineMs: 2000, retry: { maxRetries: 0 }, breaker: false },
  traffic: { requests: 12, concurrency: 4, streaming: 1 },
  faults: [{ kind: 'stream-cut', target: 'openai', mode: 'error-finish', afterChunks: 2, times: 6 }],
  checks: {
    'stream-integrity': {},
    'fail-fast': { maxMs: 500, codes: ['stream-interrupted'], includeIndeterminate: true },
    'no-lost-requests': { expected: 12 },
  },
} satisfies ScenarioInput;
