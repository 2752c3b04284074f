import type { ScenarioInput } from 'brownout';

/** OpenAI slows to 400 ms; with hedging on, a second request to Hugging Face after 80 ms wins. */
export default {
  id: 'latency-spike-hedging',
  title: 'Latency spike on OpenAI with hedging on: the hedge to Hugging Face wins, p99 stays low',
  router: { attemptTimeoutMs: 1000, deadlineMs: 2000, hedge: { delayMs: 80 }, breaker: false },
  traffic: { requests: 20, concurrency: 4 },
  faults: [{ kind: 'latency', target: 'openai', distribution: 'fixed', ms: 400 }],
  checks: {
    availability: { min: 1 },
    latency: { p99: 300 },
    // How p99 stays low is the reference router's policy (a hedge); a black box is held to the latency.
    'served-by': {
      provider: 'huggingface',
      min: 0.9,
      referencePolicy: 'a primary slower than the hedge delay is hedged to Hugging Face, which wins',
    },
  },
} satisfies ScenarioInput;
