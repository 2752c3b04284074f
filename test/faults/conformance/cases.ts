/**
 * The conformance case table (one table, every backend; like Hono's router/common.case.test.ts).
 * Each case is one request under some faults, and what any client must observe on any backend
 * that supports the case's variant. Together the cases cover every variant of the catalog.
 */
import { expect } from 'vitest';
import type { FaultInput } from '../../../src/faults/model.ts';
import type { SupportLevel } from '../../../src/faults/support.ts';
import type { Observation } from '../support/clients.ts';
import { sseData, validateChunk, validateCompletion, validateError } from '../support/schema.ts';

export interface CaseRequest {
  provider: 'openai' | 'huggingface';
  method: 'GET' | 'POST';
  /** Below the provider root: `/v1/chat/completions`, `/api/models/...`. */
  path: string;
  body?: Record<string, unknown>;
  timeoutMs?: number;
}

export interface CaseContext {
  backend: string;
  level: SupportLevel;
}

export interface ConformanceCase {
  name: string;
  /** The matrix key, or `healthy` for no fault. */
  variant: string;
  faults: FaultInput[];
  request: CaseRequest;
  expect(o: Observation, ctx: CaseContext): void;
}

const messages = [{ role: 'user', content: 'Is the primary up?' }];
const openaiChat = (extra: Record<string, unknown> = {}): CaseRequest => ({
  provider: 'openai',
  method: 'POST',
  path: '/v1/chat/completions',
  body: { model: 'gpt-4o-mini', messages, ...extra },
});
const hfChat = (extra: Record<string, unknown> = {}): CaseRequest => ({
  provider: 'huggingface',
  method: 'POST',
  path: '/v1/chat/completions',
  body: { model: 'openai/gpt-oss-20b', messages, ...extra },
});
const hubInfo: CaseRequest = {
  provider: 'huggingface',
  method: 'GET',
  path: '/api/models/openai/gpt-oss-20b/revision/HEAD',
};

const json = (o: Observation) => JSON.parse(o.received);

function healthyStream(o: Observation): void {
  expect(o.status).toBe(200);
  expect(o.headers['content-type']).toMatch(/^text\/event-stream/);
  const data = sseData(o.received);
  expect(data.at(-1)).toBe('[DONE]');
  for (const d of data.slice(0, -1))
    expect(validateChunk(JSON.parse(d)), JSON.stringify(validateChunk.errors)).toBe(true);
}

function openaiError(o: Observation, status: number, code: string | null): void {
  expect(o.status).toBe(status);
  expect(o.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
  expect(validateError(json(o))).toBe(true);
  expect(json(o).error.code).toBe(code);
}

export const CASES: ConformanceCase[] = [
  {
    name: 'healthy OpenAI chat completion',
    variant: 'healthy',
    faults: [],
    request: openaiChat(),
    expect(o) {
      expect(o.status).toBe(200);
      expect(validateCompletion(json(o)), JSON.stringify(validateCompletion.errors)).toBe(true);
      expect(o.headers['x-ratelimit-remaining-requests']).toBe('499');
    },
  },
  {
    name: 'healthy OpenAI stream',
    variant: 'healthy',
    faults: [],
    request: openaiChat({ stream: true }),
    expect: healthyStream,
  },
  {
    name: 'healthy hub model info',
    variant: 'healthy',
    faults: [],
    request: hubInfo,
    expect(o) {
      expect(o.status).toBe(200);
      expect(json(o)).toMatchObject({ id: 'openai/gpt-oss-20b', pipeline_tag: 'text-generation' });
    },
  },
  {
    name: 'OpenAI 503 overloaded',
    variant: 'http-error',
    faults: [{ kind: 'http-error', target: 'openai', status: 503 }],
    request: openaiChat(),
    expect(o) {
      openaiError(o, 503, null);
      expect(json(o).error.message).toMatch(/overloaded/);
    },
  },
  {
    name: 'Hugging Face router 502',
    variant: 'http-error',
    faults: [{ kind: 'http-error', target: 'huggingface', status: 502 }],
    request: hfChat(),
    expect(o) {
      expect(o.status).toBe(502);
      expect(json(o)).toEqual({ error: 'Bad Gateway' });
    },
  },
  {
    name: 'OpenAI 429 with Retry-After and x-ratelimit headers',
    variant: 'rate-limit',
    faults: [{ kind: 'rate-limit', target: 'openai', retryAfterS: 2, retryAfterMs: 1500 }],
    request: openaiChat(),
    expect(o) {
      openaiError(o, 429, 'rate_limit_exceeded');
      expect(o.headers['retry-after']).toBe('2');
      expect(o.headers['retry-after-ms']).toBe('1500');
      expect(o.headers['x-ratelimit-remaining-requests']).toBe('0');
      expect(o.headers['x-ratelimit-reset-requests']).toBe('1.5s');
    },
  },
  {
    name: 'OpenAI 429 insufficient quota (no Retry-After)',
    variant: 'rate-limit',
    faults: [{ kind: 'rate-limit', target: 'openai', reason: 'quota' }],
    request: openaiChat(),
    expect(o) {
      openaiError(o, 429, 'insufficient_quota');
      expect(o.headers['retry-after']).toBeUndefined();
    },
  },
  {
    name: 'hang until the client gives up',
    variant: 'timeout:hang',
    faults: [{ kind: 'timeout', target: 'openai', mode: 'hang' }],
    request: { ...openaiChat(), timeoutMs: 300 },
    expect(o) {
      expect(o.status).toBeUndefined();
      expect(o.error).toBe('timeout');
      expect(o.totalMs).toBeGreaterThanOrEqual(290);
    },
  },
  {
    name: 'headers after 300 ms',
    variant: 'timeout:slow-headers',
    faults: [{ kind: 'timeout', target: 'openai', mode: 'slow-headers', afterMs: 300 }],
    request: openaiChat(),
    expect(o) {
      expect(o.status).toBe(200);
      expect(o.headersMs).toBeGreaterThanOrEqual(295);
      expect(validateCompletion(json(o))).toBe(true);
    },
  },
  {
    name: 'body dribbled over 400 ms',
    variant: 'timeout:slow-body',
    faults: [{ kind: 'timeout', target: 'openai', mode: 'slow-body', bodyMs: 400 }],
    request: openaiChat(),
    expect(o) {
      expect(o.status).toBe(200);
      // The first byte comes at once; the last one about 400 ms later.
      expect(o.totalMs - o.headersMs).toBeGreaterThanOrEqual(300);
      expect(validateCompletion(json(o))).toBe(true);
    },
  },
  {
    name: 'stream stalls after two events',
    variant: 'timeout:stall',
    faults: [{ kind: 'timeout', target: 'openai', mode: 'stall', afterChunks: 2 }],
    request: { ...openaiChat({ stream: true }), timeoutMs: 500 },
    expect(o) {
      expect(o.status).toBe(200);
      expect(o.bodyError).toBe('timeout');
      expect(sseData(o.received)).toHaveLength(2);
    },
  },
  {
    name: 'stream stalls 300 ms, then finishes',
    variant: 'timeout:stall',
    faults: [{ kind: 'timeout', target: 'openai', mode: 'stall', afterChunks: 1, stallMs: 300 }],
    request: openaiChat({ stream: true }),
    expect(o) {
      healthyStream(o);
      expect(o.totalMs - o.headersMs).toBeGreaterThanOrEqual(280);
    },
  },
  {
    name: 'OpenAI 401 invalid_api_key',
    variant: 'auth',
    faults: [{ kind: 'auth', target: 'openai', status: 401 }],
    request: openaiChat(),
    expect: (o) => openaiError(o, 401, 'invalid_api_key'),
  },
  {
    name: 'Hugging Face 403',
    variant: 'auth',
    faults: [{ kind: 'auth', target: 'huggingface', status: 403 }],
    request: hfChat(),
    expect(o) {
      expect(o.status).toBe(403);
      expect(typeof json(o).error).toBe('string');
    },
  },
  {
    name: 'hub repo missing: 404 Repository not found',
    variant: 'model-missing',
    faults: [{ kind: 'model-missing', target: 'huggingface' }],
    request: hubInfo,
    expect(o) {
      expect(o.status).toBe(404);
      expect(json(o)).toEqual({ error: 'Repository not found' });
      expect(o.headers['x-error-code']).toBe('RepoNotFound');
    },
  },
  {
    name: 'HF inference model missing (string shape)',
    variant: 'model-missing',
    faults: [{ kind: 'model-missing', target: 'huggingface', shape: 'string' }],
    request: hfChat(),
    expect(o) {
      expect(o.status).toBe(404);
      expect(json(o)).toEqual({ error: 'Model openai/gpt-oss-20b does not exist' });
    },
  },
  {
    name: 'OpenAI model_not_found',
    variant: 'model-missing',
    faults: [{ kind: 'model-missing', target: 'openai' }],
    request: openaiChat(),
    expect: (o) => openaiError(o, 404, 'model_not_found'),
  },
  {
    name: 'connection reset',
    variant: 'network:reset',
    faults: [{ kind: 'network', target: 'openai', mode: 'reset' }],
    request: openaiChat(),
    expect(o) {
      expect(o.status).toBeUndefined();
      expect(o.error).toBe('reset');
    },
  },
  {
    name: 'connection refused',
    variant: 'network:refused',
    faults: [{ kind: 'network', target: 'openai', mode: 'refused' }],
    request: openaiChat(),
    expect(o, ctx) {
      expect(o.status).toBeUndefined();
      // The fault server emulates a refusal by closing before answering (see the matrix).
      expect(o.error).toBe(ctx.backend === 'server' ? 'socket' : 'refused');
    },
  },
  {
    name: 'name does not resolve',
    variant: 'network:dns',
    faults: [{ kind: 'network', target: 'huggingface', mode: 'dns' }],
    request: hfChat(),
    expect(o) {
      expect(o.status).toBeUndefined();
      expect(o.error).toBe('dns');
    },
  },
  {
    name: 'invalid JSON in a 200',
    variant: 'malformed:invalid-json',
    faults: [{ kind: 'malformed', target: 'openai', mode: 'invalid-json' }],
    request: openaiChat(),
    expect(o) {
      expect(o.status).toBe(200);
      expect(o.headers['content-type']).toBe('application/json');
      expect(() => JSON.parse(o.received)).toThrow(SyntaxError);
    },
  },
  {
    name: 'garbage in a 200, then close',
    variant: 'malformed:garbage',
    faults: [{ kind: 'malformed', target: 'openai', mode: 'garbage' }],
    request: openaiChat(),
    expect(o) {
      expect(o.status).toBe(200);
      expect(o.received).toHaveLength(256);
      expect(() => JSON.parse(o.received)).toThrow(SyntaxError);
    },
  },
  {
    name: 'an HTML page instead of JSON',
    variant: 'malformed:wrong-content-type',
    faults: [{ kind: 'malformed', target: 'huggingface', mode: 'wrong-content-type' }],
    request: hfChat(),
    expect(o) {
      expect(o.status).toBe(200);
      expect(o.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(o.received).toMatch(/^<!DOCTYPE html>/);
    },
  },
  {
    name: 'choices missing',
    variant: 'schema-drift:missing-choices',
    faults: [{ kind: 'schema-drift', target: 'openai', mode: 'missing-choices' }],
    request: openaiChat(),
    expect(o) {
      expect(o.status).toBe(200);
      expect(json(o).choices).toBeUndefined();
      expect(validateCompletion(json(o))).toBe(false);
    },
  },
  {
    name: 'fields of the wrong type',
    variant: 'schema-drift:wrong-types',
    faults: [{ kind: 'schema-drift', target: 'openai', mode: 'wrong-types' }],
    request: openaiChat(),
    expect(o) {
      expect(typeof json(o).created).toBe('string');
      expect(validateCompletion(json(o))).toBe(false);
    },
  },
  {
    name: 'unknown finish_reason in a stream',
    variant: 'schema-drift:unknown-finish-reason',
    faults: [
      { kind: 'schema-drift', target: 'openai', mode: 'unknown-finish-reason', finishReason: 'end_turn' },
    ],
    request: openaiChat({ stream: true }),
    expect(o) {
      const chunks = sseData(o.received)
        .slice(0, -1)
        .map((d) => JSON.parse(d));
      expect(chunks.at(-1).choices[0].finish_reason).toBe('end_turn');
      expect(validateChunk(chunks.at(-1))).toBe(false);
    },
  },
  {
    name: 'stream cut mid-event',
    variant: 'stream-cut:mid-event',
    faults: [{ kind: 'stream-cut', target: 'openai', mode: 'mid-event', afterChunks: 2 }],
    request: openaiChat({ stream: true }),
    expect(o) {
      expect(o.status).toBe(200);
      expect(o.bodyError).toBe('socket');
      const events = o.received.split('\n\n');
      expect(events).toHaveLength(3);
      expect(() => JSON.parse(events[2]!.replace(/^data: /, ''))).toThrow(SyntaxError);
    },
  },
  {
    name: 'stream ends without finish_reason or [DONE]',
    variant: 'stream-cut:no-done',
    faults: [{ kind: 'stream-cut', target: 'huggingface', mode: 'no-done', afterChunks: 3 }],
    request: hfChat({ stream: true }),
    expect(o) {
      expect(o.status).toBe(200);
      expect(o.bodyError).toBeUndefined();
      const data = sseData(o.received);
      expect(data).toHaveLength(3);
      expect(data.map((d) => JSON.parse(d).choices[0].finish_reason)).toEqual([null, null, null]);
    },
  },
  {
    name: 'error event inside a 200 stream',
    variant: 'stream-cut:error-event',
    faults: [{ kind: 'stream-cut', target: 'openai', mode: 'error-event', afterChunks: 1 }],
    request: openaiChat({ stream: true }),
    expect(o) {
      expect(o.status).toBe(200);
      const data = sseData(o.received);
      expect(data).toHaveLength(2);
      expect(JSON.parse(data[1]!).error.type).toBe('server_error');
    },
  },
  {
    name: 'fixed latency 250 ms',
    variant: 'latency',
    faults: [{ kind: 'latency', target: 'openai', distribution: 'fixed', ms: 250 }],
    request: openaiChat(),
    expect(o) {
      expect(o.status).toBe(200);
      expect(o.headersMs).toBeGreaterThanOrEqual(245);
    },
  },
  {
    name: 'lognormal latency, capped',
    variant: 'latency',
    faults: [
      {
        kind: 'latency',
        target: 'huggingface',
        distribution: 'lognormal',
        median: 150,
        sigma: 0.5,
        max: 400,
      },
    ],
    request: hubInfo,
    expect(o) {
      expect(o.status).toBe(200);
      expect(o.headersMs).toBeLessThan(400 + 1000);
    },
  },
  {
    name: 'Hugging Face model loading',
    variant: 'model-loading',
    faults: [{ kind: 'model-loading', target: 'huggingface', estimatedTimeS: 12.5 }],
    request: hfChat(),
    expect(o) {
      expect(o.status).toBe(503);
      expect(json(o)).toEqual({
        error: 'Model openai/gpt-oss-20b is currently loading',
        estimated_time: 12.5,
      });
    },
  },
  {
    name: 'OpenAI 503 with Retry-After',
    variant: 'http-error',
    faults: [{ kind: 'http-error', target: 'openai', status: 503, retryAfterS: 7 }],
    request: openaiChat(),
    expect(o) {
      openaiError(o, 503, null);
      expect(o.headers['retry-after']).toBe('7');
    },
  },
  {
    name: 'a malformed chunk in the middle of a stream, the rest intact',
    variant: 'malformed:invalid-json',
    faults: [{ kind: 'malformed', target: 'openai', mode: 'invalid-json' }],
    request: openaiChat({ stream: true }),
    expect(o) {
      expect(o.status).toBe(200);
      expect(o.bodyError).toBeUndefined();
      const data = sseData(o.received);
      expect(data.at(-1)).toBe('[DONE]');
      expect(validateChunk(JSON.parse(data[0]!))).toBe(true);
      expect(() => JSON.parse(data[1]!)).toThrow(SyntaxError);
      expect(validateChunk(JSON.parse(data[2]!))).toBe(true);
    },
  },
  {
    name: 'finish_reason "error" inside a 200 stream',
    variant: 'stream-cut:error-finish',
    faults: [{ kind: 'stream-cut', target: 'openai', mode: 'error-finish', afterChunks: 2 }],
    request: openaiChat({ stream: true }),
    expect(o) {
      expect(o.status).toBe(200);
      expect(o.bodyError).toBeUndefined();
      const data = sseData(o.received);
      expect(data).toHaveLength(3);
      expect(JSON.parse(data[2]!).choices[0].finish_reason).toBe('error');
    },
  },
  {
    name: 'a complete stream that ends without [DONE]',
    variant: 'stream-cut:complete-no-done',
    faults: [{ kind: 'stream-cut', target: 'huggingface', mode: 'complete-no-done' }],
    request: hfChat({ stream: true }),
    expect(o) {
      expect(o.status).toBe(200);
      expect(o.bodyError).toBeUndefined();
      const data = sseData(o.received);
      expect(data).not.toContain('[DONE]');
      const chunks = data.map((d) => JSON.parse(d));
      expect(chunks.some((c) => c.choices[0]?.finish_reason === 'eos_token')).toBe(true);
      expect(chunks.at(-1).usage.total_tokens).toBeGreaterThan(0);
    },
  },
  {
    name: 'OpenAI 400 context_length_exceeded',
    variant: 'invalid-request:context-length',
    faults: [{ kind: 'invalid-request', target: 'openai', reason: 'context-length' }],
    request: openaiChat(),
    expect(o) {
      openaiError(o, 400, 'context_length_exceeded');
      expect(json(o).error.param).toBe('messages');
      expect(json(o).error.message).toMatch(/maximum context length/);
    },
  },
  {
    name: 'OpenAI 400 content_policy_violation',
    variant: 'invalid-request:content-policy',
    faults: [{ kind: 'invalid-request', target: 'openai', reason: 'content-policy' }],
    request: openaiChat(),
    expect(o) {
      openaiError(o, 400, 'content_policy_violation');
      expect(json(o).error.type).toBe('invalid_request_error');
    },
  },
  {
    name: 'Hugging Face router 400: model not supported by any provider',
    variant: 'model-missing:not-supported',
    faults: [{ kind: 'model-missing', target: 'huggingface', mode: 'not-supported' }],
    request: hfChat(),
    expect(o) {
      expect(o.status).toBe(400);
      expect(json(o).error).toMatchObject({ code: 'model_not_supported', param: 'model' });
      expect(json(o).error.message).toBe(
        "The requested model 'openai/gpt-oss-20b' is not supported by any provider you have enabled.",
      );
    },
  },
  {
    name: 'a reasoning model spends max_tokens on reasoning: 200, no content',
    variant: 'reasoning-exhausted',
    faults: [{ kind: 'reasoning-exhausted', target: 'openai' }],
    request: openaiChat({ max_completion_tokens: 16 }),
    expect(o) {
      expect(o.status).toBe(200);
      const body = json(o);
      expect(validateCompletion(body), JSON.stringify(validateCompletion.errors)).toBe(true);
      expect(body.choices[0]).toMatchObject({ message: { content: '' }, finish_reason: 'length' });
      expect(body.usage.completion_tokens).toBe(16);
      expect(body.usage.completion_tokens_details.reasoning_tokens).toBe(16);
    },
  },
  {
    name: 'a reasoning model, streamed: a role chunk, then finish_reason length',
    variant: 'reasoning-exhausted',
    faults: [{ kind: 'reasoning-exhausted', target: 'openai' }],
    request: openaiChat({ stream: true, max_tokens: 8, stream_options: { include_usage: true } }),
    expect(o) {
      const data = sseData(o.received);
      expect(data.at(-1)).toBe('[DONE]');
      const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
      for (const c of chunks) expect(validateChunk(c)).toBe(true);
      expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe('');
      expect(chunks[1].choices[0].finish_reason).toBe('length');
      expect(chunks.at(-1).usage.completion_tokens_details.reasoning_tokens).toBe(8);
    },
  },
];
