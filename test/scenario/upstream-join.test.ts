import { describe, expect, it } from 'vitest';
import { readCorrelationKey } from '../../src/faults/correlation.ts';
import type { UpstreamAttempt, UpstreamRecordPage } from '../../src/faults/upstream-record.ts';
import { readAnswerEcho } from '../../src/scenario/answer-echo.ts';
import {
  correlationKey,
  joinUpstream,
  readUpstream,
  tagRequest,
  toScenarioTime,
} from '../../src/scenario/upstream-join.ts';
import { failed, request } from '../checks/support/history.ts';

const T0 = 1_700_000_000_000;

function attempt(
  seq: number,
  key: string | undefined,
  provider: string,
  start: number,
  fields: Partial<UpstreamAttempt> = {},
): UpstreamAttempt {
  return {
    seq,
    ...(key === undefined ? {} : { key }),
    provider,
    operation: 'chat',
    stream: false,
    startMs: T0 + start,
    endMs: T0 + start + 10,
    status: 200,
    chunks: 1,
    bytes: 100,
    end: 'complete',
    clientClosedEarly: false,
    ...fields,
  };
}

describe('tagging', () => {
  it('appends the tag to the last user message without touching the original body', () => {
    const body = {
      messages: [
        { role: 'user' as const, content: 'hi' },
        { role: 'assistant' as const, content: 'yo' },
        { role: 'user' as const, content: 'again' },
      ],
    };
    const tagged = tagRequest(body, correlationKey('run1', 7));
    expect(tagged.messages[2]).toEqual({ role: 'user', content: 'again [brownout:run1.7]' });
    expect(tagged.messages[0]).toEqual({ role: 'user', content: 'hi' });
    expect(body.messages[2]?.content).toBe('again');
    expect(readCorrelationKey(String(tagged.messages[2]?.content))).toBe('run1.7');
  });
  it('tags an empty message with the tag alone, and adds a user message when there is none', () => {
    expect(tagRequest({ messages: [{ role: 'user', content: '' }] }, 'k').messages[0]?.content).toBe(
      '[brownout:k]',
    );
    expect(tagRequest({ messages: [{ role: 'system', content: 's' }] }, 'k').messages.at(-1)).toEqual({
      role: 'user',
      content: '[brownout:k]',
    });
  });
});

describe('answer echo', () => {
  it('names the attempt and counts stitched answers', () => {
    expect(readAnswerEcho('Hello [brownout:r.1@openai#4]')).toEqual({
      key: 'r.1',
      provider: 'openai',
      seq: 4,
      count: 1,
    });
    expect(readAnswerEcho('[brownout:r.1@openai#4] and [brownout:r.2@huggingface#5]')?.count).toBe(2);
    expect(readAnswerEcho('no echo here')).toBeUndefined();
  });
});

describe('reading and joining the upstream record', () => {
  it('reads every page', async () => {
    const all = Array.from({ length: 12_000 }, (_, i) => attempt(i + 1, `r.${i}`, 'openai', i));
    const source = {
      upstream({ after = 0, limit = 100 }: { after?: number; limit?: number }): UpstreamRecordPage {
        const attempts = all.filter((a) => a.seq > after).slice(0, limit);
        const last = attempts.at(-1);
        return { attempts, dropped: 3, ...(last && last.seq < all.length ? { next: last.seq } : {}) };
      },
    };
    const page = await readUpstream(source);
    expect(page?.attempts).toHaveLength(12_000);
    expect(page?.dropped).toBe(3);
    expect(await readUpstream({})).toBeUndefined();
  });

  it('gives a black box its attempts from the record, on the scenario clock, with served-by from the echo', () => {
    const served = request(0, {
      invokeMs: 5,
      endMs: 60,
      attempts: [],
      key: 'r.0',
      echo: { key: 'r.0', provider: 'huggingface', seq: 2, count: 1 },
    });
    delete served.servedBy;
    delete served.failoverLatencyMs;
    const lost = failed(1, { attempts: [], key: 'r.1' });
    const log = toScenarioTime(
      {
        attempts: [
          attempt(1, 'r.0', 'openai', 10, { status: 503 }),
          attempt(2, 'r.0', 'huggingface', 25),
          attempt(3, undefined, 'huggingface', 30, { operation: 'hub-model-info' }),
          attempt(4, 'r.1', 'openai', 40, { status: 429, advertisedWaitMs: 2000 }),
        ],
        dropped: 0,
      },
      T0,
    );
    expect(joinUpstream([served, lost], log)).toBe('upstream');
    expect(served.upstream?.map((a) => a.seq)).toEqual([1, 2]);
    expect(served.attempts).toEqual([
      { provider: 'openai', outcome: 'unavailable', status: 503, startMs: 10, ms: 10 },
      { provider: 'huggingface', outcome: 'ok', status: 200, startMs: 25, ms: 10 },
    ]);
    expect(served.servedBy).toBe('huggingface');
    expect(served.failoverLatencyMs).toBe(20);
    expect(lost.attempts).toEqual([
      { provider: 'openai', outcome: 'rate-limited', status: 429, startMs: 40, ms: 10, retryAfterMs: 2000 },
    ]);
  });

  it("sets the runner's probe apart from the system's traffic, and drops another run's probe", () => {
    const log = toScenarioTime(
      {
        attempts: [
          attempt(1, undefined, 'huggingface', 2, {
            operation: 'hub-model-info',
            probe: 'r.probe',
            status: 404,
          }),
          attempt(2, undefined, 'openai', 3, { operation: 'models', probe: 'other.probe' }),
          attempt(3, 'r.0', 'openai', 10),
          attempt(4, undefined, 'huggingface', 12, { operation: 'hub-model-info' }),
        ],
        dropped: 0,
      },
      T0,
      'r.probe',
    );
    expect(log.attempts.map((a) => a.seq)).toEqual([3, 4]);
    expect(log.probes?.map((a) => [a.seq, a.startMs])).toEqual([[1, 2]]);
    const r = request(0, { key: 'r.0', attempts: [] });
    expect(joinUpstream([r], log)).toBe('upstream');
    expect(r.attempts.map((a) => a.provider)).toEqual(['openai']);
  });

  it("keeps a system's own attempts when it reports them", () => {
    const r = request(0, { key: 'r.0' });
    const own = r.attempts;
    const log = toScenarioTime({ attempts: [attempt(1, 'r.0', 'openai', 1)], dropped: 0 }, T0);
    expect(joinUpstream([r], log)).toBe('system');
    expect(r.attempts).toBe(own);
    expect(r.upstream).toHaveLength(1);
  });
});
