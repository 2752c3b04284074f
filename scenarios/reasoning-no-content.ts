import type { ScenarioInput } from 'brownout';

/**
 * OpenAI's reasoning model spends the whole `max_tokens` budget on hidden reasoning and answers
 * 200 with no content and `finish_reason: "length"`: schema-valid, and empty. Served as it is, the
 * caller gets nothing; the router must treat it as a failed attempt and let Hugging Face answer.
 */
export default {
  id: 'reasoning-no-content',
  title: 'A reasoning model spends max_tokens on reasoning, no content: never served empty, failed over',
  router: { attemptTimeoutMs: 500, deadlineMs: 2000, retry: { maxRetries: 0 }, breaker: false },
  traffic: { requests: 12, concurrency: 4, streaming: 0.5 },
  faults: [{ kind: 'reasoning-exhausted', target: 'openai' }],
  checks: {
    availability: { min: 1 },
    'schema-valid': {},
    'stream-integrity': {},
    'served-by': { provider: 'huggingface', min: 1 },
    'no-lost-requests': { expected: 12 },
  },
} satisfies ScenarioInput;
