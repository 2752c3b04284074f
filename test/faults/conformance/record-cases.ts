/**
 * The upstream-record case table: one request under some faults, and what the fake provider must
 * have recorded about it, on every backend that can produce the case. What a backend cannot
 * observe (docs/faults.md, "What each backend can see") is passed in as `sees`.
 */
import { expect } from 'vitest';
import { correlationTag, readCorrelationEcho } from '../../../src/faults/correlation.ts';
import type { FaultInput } from '../../../src/faults/model.ts';
import type { UpstreamAttempt } from '../../../src/faults/upstream-record.ts';
import type { Observation } from '../support/clients.ts';
import { sseData } from '../support/schema.ts';
import type { CaseRequest } from './cases.ts';

/** What a backend's record can observe. */
export interface RecordSight {
  /** The client closing before the status line went out (during latency or a hang). */
  closeBeforeHeaders: boolean;
  /** The client closing in the middle of a body. */
  closeMidBody: boolean;
}

export interface RecordCase {
  name: string;
  /** The matrix key the case needs (`healthy` for none). */
  variant: string;
  faults: FaultInput[];
  request: CaseRequest;
  expect(attempt: UpstreamAttempt, observed: Observation, sees: RecordSight): void;
}

const KEY = 'run1.r7.a0';
const tagged = (text: string) => [{ role: 'user', content: `${text} ${correlationTag(KEY)}` }];
const chat = (provider: 'openai' | 'huggingface', extra: Record<string, unknown> = {}): CaseRequest => ({
  provider,
  method: 'POST',
  path: '/v1/chat/completions',
  body: {
    model: provider === 'openai' ? 'gpt-4o-mini' : 'openai/gpt-oss-20b',
    messages: tagged('Is the primary up?'),
    ...extra,
  },
});

function whole(attempt: UpstreamAttempt, observed: Observation): void {
  expect(attempt.end).toBe('complete');
  expect(attempt.clientClosedEarly).toBe(false);
  expect(attempt.bytes).toBe(Buffer.byteLength(observed.received));
  expect(attempt.endMs).toBeGreaterThanOrEqual(attempt.startMs);
}

export const RECORD_CASES: RecordCase[] = [
  {
    name: 'a healthy answer: key, model, usage, the echo names this attempt',
    variant: 'healthy',
    faults: [],
    request: chat('openai'),
    expect(attempt, observed) {
      expect(attempt).toMatchObject({
        seq: 1,
        key: KEY,
        provider: 'openai',
        operation: 'chat',
        model: 'gpt-4o-mini',
        stream: false,
        status: 200,
        chunks: 1,
        answeredModel: 'gpt-4o-mini',
      });
      expect(attempt.fault).toBeUndefined();
      expect(attempt.advertisedWaitMs).toBeUndefined();
      whole(attempt, observed);
      const body = JSON.parse(observed.received);
      expect(attempt.usage).toEqual({
        prompt_tokens: body.usage.prompt_tokens,
        completion_tokens: body.usage.completion_tokens,
        total_tokens: body.usage.total_tokens,
      });
      const echo = readCorrelationEcho(body.choices[0].message.content);
      expect(echo).toEqual({ key: KEY, provider: 'openai', seq: 1 });
    },
  },
  {
    name: 'a healthy Hugging Face stream: chunks are its events, the echo is in the first content delta',
    variant: 'healthy',
    faults: [],
    request: chat('huggingface', { stream: true }),
    expect(attempt, observed) {
      const data = sseData(observed.received);
      expect(attempt).toMatchObject({ provider: 'huggingface', stream: true, status: 200, key: KEY });
      expect(attempt.chunks).toBe(data.length);
      whole(attempt, observed);
      expect(attempt.usage?.total_tokens).toBe(JSON.parse(data.at(-2)!).usage.total_tokens);
      const first = JSON.parse(data[0]!).choices[0].delta.content;
      expect(readCorrelationEcho(first)).toEqual({ key: KEY, provider: 'huggingface', seq: 1 });
    },
  },
  {
    name: 'no key, no echo: an untagged request is answered as before',
    variant: 'healthy',
    faults: [],
    request: {
      ...chat('openai'),
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Is the primary up?' }] },
    },
    expect(attempt, observed) {
      expect(attempt.key).toBeUndefined();
      expect(observed.received).not.toContain('[brownout:');
      whole(attempt, observed);
    },
  },
  {
    name: 'a 429 with Retry-After: the fault, the status and the advertised wait',
    variant: 'rate-limit',
    faults: [{ kind: 'rate-limit', target: 'openai', retryAfterS: 2, retryAfterMs: 1500 }],
    request: chat('openai'),
    expect(attempt, observed) {
      expect(attempt).toMatchObject({ status: 429, fault: { index: 0, kind: 'rate-limit' } });
      expect(attempt.advertisedWaitMs).toBe(1500);
      expect(attempt.usage).toBeUndefined();
      expect(attempt.answeredModel).toBeUndefined();
      whole(attempt, observed);
    },
  },
  {
    name: 'a Hugging Face model loading: estimated_time is the advertised wait',
    variant: 'model-loading',
    faults: [{ kind: 'model-loading', target: 'huggingface', estimatedTimeS: 12.5 }],
    request: chat('huggingface'),
    expect(attempt, observed) {
      expect(attempt).toMatchObject({ status: 503, advertisedWaitMs: 12_500 });
      whole(attempt, observed);
    },
  },
  {
    name: 'a stream cut mid-event: ended by a reset after the complete events',
    variant: 'stream-cut:mid-event',
    faults: [{ kind: 'stream-cut', target: 'openai', mode: 'mid-event', afterChunks: 2 }],
    request: chat('openai', { stream: true }),
    expect(attempt, observed) {
      expect(attempt).toMatchObject({ status: 200, end: 'reset', chunks: 3, clientClosedEarly: false });
      expect(attempt.bytes).toBe(Buffer.byteLength(observed.received));
      expect(attempt.usage).toBeUndefined();
    },
  },
  {
    name: 'a connection reset: no status',
    variant: 'network:reset',
    faults: [{ kind: 'network', target: 'openai', mode: 'reset' }],
    request: chat('openai'),
    expect(attempt) {
      expect(attempt).toMatchObject({ end: 'reset', chunks: 0, bytes: 0, fault: { kind: 'network' } });
      expect(attempt.status).toBeUndefined();
    },
  },
  {
    name: 'the client gives up before the headers',
    variant: 'timeout:slow-headers',
    faults: [{ kind: 'timeout', target: 'openai', mode: 'slow-headers', afterMs: 5000 }],
    request: { ...chat('openai'), timeoutMs: 200 },
    expect(attempt, observed, sees) {
      expect(observed.error).toBe('timeout');
      expect(attempt.status).toBeUndefined();
      if (sees.closeBeforeHeaders) {
        expect(attempt).toMatchObject({ end: 'client-closed', clientClosedEarly: true });
        expect(attempt.endMs! - attempt.startMs).toBeLessThan(4000);
      } else {
        expect(attempt).toMatchObject({ end: 'hang', clientClosedEarly: false });
        expect(attempt.endMs).toBeUndefined();
      }
    },
  },
  {
    name: 'the client aborts mid-stream',
    variant: 'timeout:stall',
    faults: [{ kind: 'timeout', target: 'openai', mode: 'stall', afterChunks: 2 }],
    request: { ...chat('openai', { stream: true }), timeoutMs: 300 },
    expect(attempt, observed, sees) {
      expect(observed.bodyError).toBe('timeout');
      expect(attempt).toMatchObject({ status: 200, chunks: 2 });
      if (sees.closeMidBody) {
        expect(attempt).toMatchObject({ end: 'client-closed', clientClosedEarly: true });
      } else {
        expect(attempt).toMatchObject({ end: 'hang', clientClosedEarly: false });
      }
    },
  },
];
