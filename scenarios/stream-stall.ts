import type { ScenarioInput } from 'brownout';

/**
 * A stream that stalls after its first chunk. Most gateways only time the first byte, so the
 * caller hangs; here the idle timeout must end the stream with a typed error the caller sees.
 */
export default {
  id: 'stream-stall',
  title: 'OpenAI stream stalls mid-way: the caller gets a typed error within the idle timeout, never a hang',
  router: {
    attemptTimeoutMs: 300,
    idleTimeoutMs: 150,
    deadlineMs: 2000,
    retry: { maxRetries: 0 },
    breaker: false,
  },
  traffic: { requests: 12, concurrency: 4, streaming: 1 },
  faults: [{ kind: 'timeout', target: 'openai', mode: 'stall', afterChunks: 2, stallMs: 5000, times: 6 }],
  checks: {
    'stream-integrity': {},
    'fail-fast': { maxMs: 600, codes: ['stream-interrupted'], includeIndeterminate: true },
    'no-lost-requests': { expected: 12 },
  },
} satisfies ScenarioInput;
