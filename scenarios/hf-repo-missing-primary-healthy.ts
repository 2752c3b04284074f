import type { ScenarioInput } from 'brownout';

/**
 * The fallback's model repo moved while OpenAI is healthy: users see nothing, but the fallback is
 * broken. The runner probes the fallback before traffic, as the synthetic monitor does (through the
 * system's own probe, or its own when the system offers none), so the broken fallback is reported
 * before the outage that would need it. The system itself is judged on its traffic: served by OpenAI.
 */
export default {
  id: 'hf-repo-missing-primary-healthy',
  title: 'Hugging Face repo missing while OpenAI is healthy: traffic unaffected, broken fallback reported',
  router: { attemptTimeoutMs: 500, deadlineMs: 2000 },
  traffic: { requests: 16, concurrency: 4, streaming: 0.25 },
  faults: [{ kind: 'model-missing', target: 'huggingface' }],
  checks: {
    availability: { min: 1 },
    'served-by': { provider: 'openai', min: 1 },
    'provider-probe': { provider: 'huggingface', expect: 'broken' },
  },
} satisfies ScenarioInput;
