import type { ScenarioInput } from 'brownout';

/**
 * OpenAI's stream sends two events and then nothing, ever: the connection stays open. Only a
 * timer on the gap between chunks ends it; the caller must get a typed error, never a hang.
 */
export default {
  id: 'stream-stall-forever',
  title: 'OpenAI stream stalls and never resumes: a typed error within the idle timeout, never a hang',
  router: {
    attemptTimeoutMs: 300,
    idleTimeoutMs: 150,
    deadlineMs: 2000,
    retry: { maxRetries: 0 },
    breaker: false,
  },
  traffic: { requests: 12, concurrency: 4, streaming: 1 },
  faults: [{ kind: 'timeout', target: 'openai', mode: 'stall', afterChunks: 2, times: 6 }],
  checks: {
    'stream-integrity': {},
    'fail-fast': { maxMs: 600, codes: ['stream-interrupted'], includeIndeterminate: true },
    'no-lost-requests': { expected: 12 },
    'no-orphan-attempts': {},
  },
} satisfies ScenarioInput;
