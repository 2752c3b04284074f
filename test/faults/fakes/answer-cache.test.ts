import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyText, type RespondAction } from '../../../src/faults/action.ts';
import { FaultEngine } from '../../../src/faults/engine.ts';
import { answerChunks } from '../../../src/faults/fakes/answer.ts';
import { HealthyAnswerCache } from '../../../src/faults/fakes/answer-cache.ts';
import { healthyAnswer } from '../../../src/faults/fakes/index.ts';
import { describeRequest, type RawRequest } from '../../../src/faults/request.ts';
import { type FaultServer, startFaultServer } from '../../../src/faults/server/fault-server.ts';
import type { UpstreamAttempt } from '../../../src/faults/upstream-record.ts';

const chatRequest = (body: Record<string, unknown>, provider = 'openai'): RawRequest => ({
  provider,
  method: 'POST',
  path: '/v1/chat/completions',
  bodyText: JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say hello.' }],
    ...body,
  }),
});

/** What the fake provider answers when built from scratch, for the n-th request. */
function built(raw: RawRequest, requestNumber: number, echo?: string) {
  const answer = healthyAnswer(describeRequest(raw), { seed: 1, requestNumber, ...(echo ? { echo } : {}) });
  return { headers: answer.headers, body: answerChunks(answer).join('') };
}

const sent = (action: { type: string }) => {
  const respond = action as RespondAction;
  return { headers: respond.headers, body: bodyText(respond) };
};

describe('healthy answer cache', () => {
  it.each([
    ['JSON', {}],
    ['an SSE stream', { stream: true }],
    ['an SSE stream with usage', { stream: true, stream_options: { include_usage: true } }],
  ])(
    'repeats of %s are byte for byte what a fresh build gives, with a new id and headers each time',
    (_, extra) => {
      const engine = new FaultEngine('server');
      const raw = chatRequest(extra);
      const bodies = [1, 2, 3].map((n) => {
        const got = sent(engine.begin(raw).action);
        expect(got).toEqual(built(raw, n));
        return got;
      });
      // The id and the request id move with each request; the text stays.
      expect(new Set(bodies.map((b) => /"id":"([^"]+)"/.exec(b.body)?.[1])).size).toBe(3);
      expect(new Set(bodies.map((b) => b.headers['x-request-id'])).size).toBe(3);
      expect(bodies[2]?.headers['x-ratelimit-remaining-requests']).toBe('497');
    },
  );

  it('records usage and model of a cached answer as of a fresh one', () => {
    const engine = new FaultEngine('server');
    const raw = chatRequest({ model: 'gpt-4.1' });
    for (let i = 0; i < 2; i++) engine.begin(raw).attempt.end('complete');
    const [first, second] = engine.upstream().attempts;
    expect(second?.usage).toEqual(first?.usage);
    expect(second?.usage?.total_tokens).toBeGreaterThan(0);
    expect(second?.answeredModel).toBe('gpt-4.1');
  });

  it.each([
    ['JSON', {}],
    ['an SSE stream', { stream: true }],
    ['an SSE stream cut by max_tokens', { stream: true, max_tokens: 1 }],
  ])('splices the correlation echo of each attempt into a cached answer of %s', (_, extra) => {
    const engine = new FaultEngine('server');
    const raw = chatRequest({ ...extra, messages: [{ role: 'user', content: 'Say hello. [brownout:k1]' }] });
    for (const n of [1, 2, 3]) {
      const got = sent(engine.begin(raw).action);
      expect(got.body).toContain(`[brownout:k1@openai#${n}] Hello!`);
      expect(got).toEqual(built(raw, n, `[brownout:k1@openai#${n}]`));
    }
  });

  it('hands the server the whole body and its byte count, as the record counts them', () => {
    const engine = new FaultEngine('server');
    const raw = chatRequest({
      stream: true,
      messages: [{ role: 'user', content: 'Dites « bonjour » ✓ [brownout:k-2]' }],
    });
    for (let n = 0; n < 2; n++) {
      const begun = engine.begin(raw);
      const body = bodyText(begun.action as RespondAction);
      expect(begun.whole?.body).toBe(body);
      expect(begun.whole?.bytes).toBe(Buffer.byteLength(body));
      expect(begun.whole?.count).toBe((begun.action as RespondAction).chunks.length);
    }
  });

  it.each([
    ['JSON', {}],
    ['an SSE stream with usage', { stream: true, stream_options: { include_usage: true } }],
  ])('sends %s in one piece when asked, with the same bytes and the same record', (_, extra) => {
    const inPieces = new FaultEngine('server');
    const inOneGo = new FaultEngine('server');
    const raw = chatRequest({ ...extra, messages: [{ role: 'user', content: 'Hi ✓ [brownout:k-3]' }] });
    for (let n = 0; n < 3; n++) {
      const pieces = inPieces.begin(raw);
      const whole = inOneGo.begin(raw, true);
      const action = whole.action as RespondAction;
      // One chunk, the whole body; the answer's own chunk count is what the record gets.
      expect(action.chunks).toEqual([{ delayMs: 0, data: bodyText(pieces.action as RespondAction) }]);
      expect(action.headers).toEqual((pieces.action as RespondAction).headers);
      expect(whole.whole?.body).toBe(pieces.whole?.body);
      expect(whole.whole?.bytes).toBe(pieces.whole?.bytes);
      expect(whole.whole?.count).toBe((pieces.action as RespondAction).chunks.length);
      for (const begun of [pieces, whole]) {
        begun.attempt.headers();
        begun.attempt.wroteCounted(begun.whole?.count ?? 0, begun.whole?.bytes ?? 0);
        begun.attempt.end('complete');
      }
    }
    const strip = (attempts: UpstreamAttempt[]) =>
      attempts.map(({ startMs: _s, endMs: _e, ...rest }) => rest);
    expect(strip(inOneGo.upstream().attempts)).toEqual(strip(inPieces.upstream().attempts));
  });

  it('builds an answer that must wait in pieces even when asked for one piece', () => {
    const engine = new FaultEngine('server', { chunkDelayMs: 5 });
    const raw = chatRequest({ stream: true });
    for (let n = 0; n < 2; n++) {
      const action = engine.begin(raw, true).action as RespondAction;
      expect(action.chunks.length).toBeGreaterThan(2);
      expect(action.chunks[1]?.delayMs).toBe(5);
    }
  });

  it('keeps no refused answer: a repeated bad body gets the 400 of a fresh build each time', () => {
    const engine = new FaultEngine('server');
    const raw: RawRequest = {
      provider: 'openai',
      method: 'POST',
      path: '/v1/chat/completions',
      bodyText: JSON.stringify({ model: 'gpt-4o-mini', messages: [] }),
    };
    for (const n of [1, 2]) {
      const begun = engine.begin(raw);
      expect((begun.action as RespondAction).status).toBe(400);
      expect(begun.whole).toBeUndefined();
      expect(sent(begun.action)).toEqual(built(raw, n));
    }
  });

  it('keeps answers apart by provider and body, and stays correct past its size', () => {
    const cache = new HealthyAnswerCache(2);
    const raws = [
      chatRequest({}),
      chatRequest({}, 'groq'),
      chatRequest({ max_tokens: 2 }),
      chatRequest({ stream: true }),
    ];
    for (let n = 1; n <= 3; n++) {
      for (const raw of raws) {
        const got = cache.chunks(describeRequest(raw), { seed: 1, requestNumber: n });
        expect({ headers: got?.headers, body: got?.chunks.join('') }).toEqual(built(raw, n));
      }
    }
  });

  it('leaves other answers alone: Hugging Face, models, unknown routes', () => {
    const cache = new HealthyAnswerCache();
    const ctx = { seed: 1, requestNumber: 1 };
    expect(cache.chunks(describeRequest(chatRequest({}, 'huggingface')), ctx)).toBeUndefined();
    expect(
      cache.chunks(describeRequest({ provider: 'openai', method: 'GET', path: '/v1/models' }), ctx),
    ).toBeUndefined();
  });

  it('lets a fault edit its copy of the healthy answer without touching the cached one', () => {
    const engine = new FaultEngine('server', {
      faults: [{ kind: 'schema-drift', target: 'openai', mode: 'missing-choices', after: 1, times: 1 }],
    });
    const raw = chatRequest({});
    engine.begin(raw); // fills the cache
    const drifted = sent(engine.begin(raw).action);
    expect(JSON.parse(drifted.body).choices).toBeUndefined();
    expect(JSON.parse(sent(engine.begin(raw).action).body).choices).toHaveLength(1);
  });
});

describe('fault server: request paths and bodies', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(() => server.stop());

  it('reads the query of a plain path, and normalises paths with dot segments as URL does', async () => {
    const models = await fetch(`${server.url}/openai/v1/models?limit=1`);
    expect((await models.json()).object).toBe('list');
    // fetch would normalise the path itself: send it raw.
    const { request } = await import('undici');
    const dotted = await request(`${server.url}/openai/v1/x/../models`, { method: 'GET' });
    expect((await dotted.body.json()) as { object: string }).toMatchObject({ object: 'list' });
  });

  it('refuses a body over the limit with 413', async () => {
    const big = 'x'.repeat(8 * 1024 * 1024 + 1);
    const res = await fetch(`${server.url}/openai/v1/chat/completions`, { method: 'POST', body: big });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('BROWNOUT_SERVER');
  });
});
