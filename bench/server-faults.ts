/**
 * Ten faults on the same target that never fire: a window far ahead, a count not reached, another
 * model, another path, zero probability. Each is matched and weighed on every request.
 */
export const NON_FIRING = [
  { kind: 'http-error', target: 'openai', status: 503, startMs: 3_600_000 },
  { kind: 'rate-limit', target: 'openai', after: 1_000_000_000 },
  { kind: 'stream-cut', target: 'openai', model: 'gpt-absent' },
  { kind: 'timeout', target: 'openai', mode: 'hang', path: '/v1/embeddings' },
  { kind: 'http-error', target: 'openai', status: 500, probability: 0 },
  { kind: 'latency', target: 'openai', ms: 5, startMs: 7_200_000 },
  { kind: 'malformed', target: 'openai', model: 'gpt-other' },
  { kind: 'auth', target: 'openai', status: 401, probability: 0 },
  { kind: 'network', target: 'huggingface', mode: 'reset' },
  { kind: 'rate-limit', target: 'openai', after: 1_000_000_000, durationMs: 3_600_000 },
];
