import type { ScenarioInput } from 'brownout';

/**
 * OpenAI's stream is whole (content, finish_reason, usage) but ends without `data: [DONE]`, as
 * several OpenAI-compatible servers do. The answer is complete: it must be served, promptly.
 */
export default {
  id: 'stream-complete-no-done',
  title: 'A complete stream that ends without [DONE]: served, finalised promptly',
  router: {
    attemptTimeoutMs: 500,
    idleTimeoutMs: 400,
    deadlineMs: 2000,
    retry: { maxRetries: 0 },
    breaker: false,
  },
  traffic: { requests: 12, concurrency: 4, streaming: 1 },
  faults: [{ kind: 'stream-cut', target: 'openai', mode: 'complete-no-done' }],
  checks: {
    availability: { min: 1 },
    'stream-integrity': {},
    'served-by': { provider: 'openai', min: 1 },
    latency: { max: 300 },
    'no-lost-requests': { expected: 12 },
  },
} satisfies ScenarioInput;
