import type { ScenarioInput } from 'brownout';

/**
 * OpenAI's 200 stream carries an error event after two chunks (`data: {"error": ...}`), then
 * closes cleanly. The status said 200; the caller must still get a typed error, never a clean end.
 */
export default {
  id: 'stream-error-event',
  title: 'An error event inside a 200 stream: a typed error, never a clean end',
  router: { attemptTimeoutMs: 500, deadlineMs: 2000, retry: { maxRetries: 0 }, breaker: false },
  traffic: { requests: 12, concurrency: 4, streaming: 1 },
  faults: [{ kind: 'stream-cut', target: 'openai', mode: 'error-event', afterChunks: 2, times: 6 }],
  checks: {
    'stream-integrity': {},
    'fail-fast': { maxMs: 500, codes: ['stream-interrupted'], includeIndeterminate: true },
    'no-lost-requests': { expected: 12 },
  },
} satisfies ScenarioInput;
