import type { ScenarioInput } from 'brownout';

/**
 * Hugging Face serves everything, streamed and not: its answers (empty ids, eos_token finish
 * reasons, no refusal field) must reach the caller in OpenAI's format, valid against the official schema.
 */
export default {
  id: 'fallback-format-parity',
  title: 'Output-format parity: Hugging Face answers reach the caller as valid OpenAI objects',
  router: { attemptTimeoutMs: 500, deadlineMs: 2000, breaker: { consecutiveFailures: 2, openMs: 10000 } },
  traffic: { requests: 24, concurrency: 4, streaming: 0.5 },
  faults: [{ kind: 'http-error', target: 'openai', status: 500 }],
  checks: {
    availability: { min: 1 },
    'schema-valid': {},
    'stream-integrity': {},
    'served-by': { provider: 'huggingface', min: 1 },
  },
  properties: [{ id: 'schema-parity', runs: 25 }],
} satisfies ScenarioInput;
