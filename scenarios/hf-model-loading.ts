import type { ScenarioInput } from 'brownout';

/** OpenAI is down and the fallback model is cold: HF answers 503 with estimated_time until it loads. */
export default {
  id: 'hf-model-loading',
  title: 'OpenAI down, Hugging Face model loading: the router waits out estimated_time and is served',
  router: {
    attemptTimeoutMs: 500,
    deadlineMs: 2500,
    retry: { maxRetries: 3, baseMs: 20, capMs: 100 },
    breaker: false,
  },
  traffic: { requests: 12, concurrency: 2 },
  faults: [
    { kind: 'http-error', target: 'openai', status: 503 },
    {
      kind: 'model-loading',
      target: 'huggingface',
      estimatedTimeS: 0.2,
      times: 3,
      path: '/v1/chat/completions',
    },
  ],
  checks: {
    availability: { min: 1 },
    'retry-after-honoured': {},
    'served-by': { provider: 'huggingface', min: 1 },
  },
} satisfies ScenarioInput;
