import type { ScenarioInput } from 'brownout';

/** OpenAI answers 403 (region or project not allowed). */
export default {
  id: 'auth-403-primary',
  title: 'OpenAI forbids the request (403): Hugging Face serves',
  router: { attemptTimeoutMs: 500, deadlineMs: 2000, breaker: false },
  traffic: { requests: 16, concurrency: 4, streaming: 0.5 },
  faults: [{ kind: 'auth', target: 'openai', status: 403 }],
  checks: {
    availability: { min: 1 },
    'attempts-per-request': { max: 2 },
    'no-retry-on-fatal': {},
    'schema-valid': {},
  },
} satisfies ScenarioInput;
