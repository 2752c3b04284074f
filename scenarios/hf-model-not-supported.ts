import type { ScenarioInput } from 'brownout';

/**
 * OpenAI is down and the fallback model vanished from the Hugging Face router's provider mapping:
 * the router answers 400 "not supported by any provider". The status says bad request; the body
 * says the model is missing. Judged from the body, every request fails fast as "no provider
 * could serve", never as the caller's bad request.
 */
export default {
  id: 'hf-model-not-supported',
  title: 'OpenAI down, HF router 400 "model not supported": model-missing from the body, fail fast',
  router: {
    attemptTimeoutMs: 500,
    deadlineMs: 2000,
    retry: { maxRetries: 1, baseMs: 10, capMs: 40 },
    breaker: false,
  },
  traffic: { requests: 12, concurrency: 4, streaming: 0.25 },
  faults: [
    { kind: 'http-error', target: 'openai', status: 503 },
    { kind: 'model-missing', target: 'huggingface', mode: 'not-supported' },
  ],
  checks: {
    'fail-fast': { maxMs: 400, codes: ['all-providers-failed', 'no-provider-available'] },
    'no-lost-requests': { expected: 12 },
  },
} satisfies ScenarioInput;
