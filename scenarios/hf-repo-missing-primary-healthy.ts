import type { ScenarioInput } from 'brownout';

/**
 * The fallback's model repo moved while OpenAI is healthy: users see nothing, but the fallback is
 * broken. The runner probes every provider before traffic, as the synthetic monitor does, so the
 * broken fallback is reported before the outage that would need it.
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
