import type { ScenarioInput } from 'brownout';

/** The outage the fallback was for, and the fallback's repo is gone: fail clean, fast and typed. */
export default {
  id: 'hf-repo-missing-primary-down',
  title: 'OpenAI down and Hugging Face repo missing: every request fails fast with a typed error',
  router: {
    attemptTimeoutMs: 500,
    deadlineMs: 2000,
    retry: { maxRetries: 1, baseMs: 10, capMs: 40 },
    breaker: false,
  },
  traffic: { requests: 16, concurrency: 4, streaming: 0.25 },
  faults: [
    { kind: 'http-error', target: 'openai', status: 503 },
    { kind: 'model-missing', target: 'huggingface' },
  ],
  checks: {
    'fail-fast': { maxMs: 400, codes: ['all-providers-failed', 'no-provider-available'] },
    'no-lost-requests': { expected: 16 },
  },
} satisfies ScenarioInput;
