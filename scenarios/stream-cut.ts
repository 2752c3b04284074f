import type { ScenarioInput } from 'brownout';

/**
 * OpenAI's stream is cut after two chunks, without [DONE] or a finish_reason. Most gateways pass
 * that on as a clean end; the caller would show half an answer as if it were whole.
 */
export default {
  id: 'stream-cut',
  title: 'OpenAI stream cut mid-way: the caller sees a typed error, never a clean end',
  router: { attemptTimeoutMs: 500, deadlineMs: 2000, retry: { maxRetries: 0 }, breaker: false },
  traffic: { requests: 12, concurrency: 4, streaming: 1 },
  faults: [{ kind: 'stream-cut', target: 'openai', mode: 'no-done', afterChunks: 2, times: 6 }],
  checks: {
    'stream-integrity': {},
    'fail-fast': { maxMs: 500, codes: ['stream-interrupted'], includeIndeterminate: true },
    'no-lost-requests': { expected: 12 },
  },
} satisfies ScenarioInput;
