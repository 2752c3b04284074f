import type { ScenarioInput } from 'brownout';

/**
 * OpenAI and Hugging Face both answer 429 with Retry-After. Nothing can serve until the soonest
 * reset: the caller must get a rate limit (429) with a Retry-After no earlier than the providers',
 * at once, not a 500, not a hang, and not a retry storm on providers that asked to be left alone.
 */
export default {
  id: 'all-rate-limited',
  title: 'Every provider rate-limited at once: a fast 429 with a usable Retry-After',
  router: {
    attemptTimeoutMs: 500,
    deadlineMs: 2000,
    retry: { maxRetries: 2, baseMs: 20, capMs: 100 },
    breaker: false,
  },
  // One at a time: a request that starts while another's 429 is still on its way to a gateway is
  // not a Retry-After ignored, and a black box gives no way to tell the two apart.
  traffic: { requests: 16, concurrency: 1, streaming: 0.25 },
  faults: [
    { kind: 'rate-limit', target: 'openai', retryAfterS: 5 },
    { kind: 'rate-limit', target: 'huggingface', retryAfterS: 3, path: '/v1/chat/completions' },
  ],
  // Nothing can serve: the best outcome is a bounded, typed error the caller can act on (grade safe).
  ideal: 'safe',
  checks: {
    'rate-limit-surfaced': {},
    // Bounded: a router may wait out a reset that falls inside its 2 s deadline (then try once
    // more), never longer; a hang or a retry loop shows here.
    'fail-fast': { maxMs: 2500, codes: ['rate-limited'] },
    'retry-after-honoured': {},
    // A provider that asked to be left alone for 3 s sees at most one more attempt meanwhile.
    'no-hammering': { max: 2, windowMs: 3000 },
    'no-lost-requests': { expected: 16 },
  },
} satisfies ScenarioInput;
