import type { ScenarioInput } from 'brownout';

/**
 * OpenAI's stream breaks inside an SSE event, after content reached the caller: half a JSON
 * payload, then the connection drops. The half event must never pass as a chunk, and the caller
 * must see a typed error, never a clean end.
 */
export default {
  id: 'stream-cut-mid-event',
  title: 'OpenAI stream cut inside an SSE event: no half chunk, a typed error, never a clean end',
  router: { attemptTimeoutMs: 500, deadlineMs: 2000, retry: { maxRetries: 0 }, breaker: false },
  traffic: { requests: 12, concurrency: 4, streaming: 1 },
  faults: [{ kind: 'stream-cut', target: 'openai', mode: 'mid-event', afterChunks: 2, times: 6 }],
  checks: {
    'stream-integrity': {},
    'schema-valid': {},
    'fail-fast': { maxMs: 500, codes: ['stream-interrupted'], includeIndeterminate: true },
    'no-lost-requests': { expected: 12 },
  },
} satisfies ScenarioInput;
