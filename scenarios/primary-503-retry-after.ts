import type { ScenarioInput } from 'brownout';

/**
 * OpenAI answers 503 with `Retry-After: 1` for a while. Nobody may knock again before the second
 * is up (a naive retrier hammers it at once); Hugging Face serves in the meantime.
 */
export default {
  id: 'primary-503-retry-after',
  title: 'OpenAI 503 with Retry-After: honoured, Hugging Face serves meanwhile',
  router: {
    attemptTimeoutMs: 500,
    deadlineMs: 3000,
    retry: { maxRetries: 2, baseMs: 20, capMs: 100 },
    breaker: false,
  },
  traffic: { requests: 16, concurrency: 2 },
  faults: [{ kind: 'http-error', target: 'openai', status: 503, retryAfterS: 1, times: 4 }],
  checks: {
    availability: { min: 1 },
    'retry-after-honoured': {},
    'served-by': { provider: 'huggingface', min: 0.25 },
  },
} satisfies ScenarioInput;
