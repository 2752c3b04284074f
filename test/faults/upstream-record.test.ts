import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correlationTag, probeTaggedUrl } from '../../src/faults/correlation.ts';
import { type FaultServer, startFaultServer } from '../../src/faults/server/fault-server.ts';
import type { UpstreamAttempt, UpstreamRecordPage } from '../../src/faults/upstream-record.ts';
import { UpstreamRecorder } from '../../src/faults/upstream-recorder.ts';

const open = (recorder: UpstreamRecorder, provider = 'openai') =>
  recorder.open({ provider, operation: 'chat', stream: false });

describe('the ring buffer', () => {
  it('keeps the newest attempts up to its cap and counts the dropped ones', () => {
    const recorder = new UpstreamRecorder(3);
    for (let i = 0; i < 5; i++) open(recorder).end('complete');
    const page = recorder.page();
    expect(page.attempts.map((a) => a.seq)).toEqual([3, 4, 5]);
    expect(page.dropped).toBe(2);
    // Asking after a dropped seq starts at the oldest kept.
    expect(recorder.page({ after: 1, limit: 2 })).toMatchObject({ next: 4, dropped: 2 });
    expect(recorder.page({ after: 4 }).attempts.map((a) => a.seq)).toEqual([5]);
    expect(recorder.page({ after: 5 }).attempts).toEqual([]);
  });

  it('hands out copies, and an attempt open at a clear no longer counts', () => {
    const recorder = new UpstreamRecorder(10);
    const tracker = open(recorder);
    const [copy] = recorder.page().attempts;
    copy!.chunks = 99;
    expect(recorder.page().attempts[0]?.chunks).toBe(0);
    expect(recorder.page().attempts[0]?.end).toBe('hang');
    recorder.clear();
    tracker.chunk('late');
    tracker.end('complete');
    expect(recorder.page()).toEqual({ attempts: [], dropped: 0 });
    expect(open(recorder).seq).toBe(1);
  });

  it('the first end wins, and nothing counts after it', () => {
    const tracker = open(new UpstreamRecorder(2));
    tracker.plan(200, undefined);
    tracker.headers();
    tracker.chunk('data: {}\n\n');
    tracker.end('reset');
    tracker.end('complete');
    tracker.chunk('more');
    expect(tracker.attempt).toMatchObject({ status: 200, chunks: 1, bytes: 10, end: 'reset' });
  });

  it('a late tracker of a dropped attempt leaves the attempt now in its row alone', () => {
    const recorder = new UpstreamRecorder(2);
    const first = open(recorder);
    open(recorder);
    const third = open(recorder, 'groq'); // takes the first one's row
    first.plan(503, 1000);
    first.headers();
    first.chunk('late bytes');
    first.end('reset');
    expect(first.ended).toBe(true);
    expect(first.attempt).toBeUndefined();
    expect(third.attempt).toMatchObject({ seq: 3, provider: 'groq', chunks: 0, bytes: 0, end: 'hang' });
    expect(third.attempt?.status).toBeUndefined();
    expect(third.attempt?.advertisedWaitMs).toBeUndefined();
  });

  it('keeps every field of every attempt as it grows past its first rows, keys in record order', () => {
    const recorder = new UpstreamRecorder(5000);
    for (let i = 1; i <= 3000; i++) {
      const tracker = recorder.open({
        provider: i % 2 ? 'openai' : 'huggingface',
        operation: i % 3 ? 'chat' : 'models',
        stream: i % 5 === 0,
        key: `k${i}`,
        model: i % 7 ? 'gpt-4o-mini' : undefined,
        fault: i % 11 ? undefined : { index: 0, kind: 'http-error', variant: 'http-error' },
      });
      tracker.plan(i % 11 ? 200 : 429, i % 11 ? undefined : 250);
      tracker.answered({ prompt_tokens: i, completion_tokens: 2, total_tokens: i + 2 }, 'gpt-4o-mini');
      tracker.headers();
      tracker.wroteCounted(i % 4, i * 10);
      tracker.end(i % 13 ? 'complete' : 'client-closed');
    }
    const { attempts, dropped } = recorder.page();
    expect(dropped).toBe(0);
    expect(attempts).toHaveLength(3000);
    const at = (i: number) => attempts[i - 1] as UpstreamAttempt;
    expect(at(2000).seq).toBe(2000);
    expect(Object.keys(at(2000))).toEqual([
      'seq',
      'provider',
      'operation',
      'stream',
      'key',
      'model',
      'startMs',
      'chunks',
      'bytes',
      'end',
      'clientClosedEarly',
      'status',
      'endMs',
      'usage',
      'answeredModel',
    ]);
    expect(at(2000)).toMatchObject({
      provider: 'huggingface',
      operation: 'chat',
      stream: true,
      key: 'k2000',
      model: 'gpt-4o-mini',
      chunks: 0,
      bytes: 20000,
      end: 'complete',
      clientClosedEarly: false,
      status: 200,
      usage: { prompt_tokens: 2000, completion_tokens: 2, total_tokens: 2002 },
      answeredModel: 'gpt-4o-mini',
    });
    // A fault, its advertised wait, no model; ended by the client: no usage.
    expect(at(1001)).toMatchObject({
      fault: { index: 0, kind: 'http-error' },
      advertisedWaitMs: 250,
      status: 429,
    });
    expect(at(1001).model).toBeUndefined();
    const closed = at(13);
    expect(closed).toMatchObject({ end: 'client-closed', clientClosedEarly: true });
    expect(closed.usage).toBeUndefined();
    expect(closed.endMs).toBeGreaterThanOrEqual(closed.startMs);
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => new UpstreamRecorder(0)).toThrow(/cap must be an integer >= 1, got 0/);
  });
});

describe('the fault server serves the record on its control API', () => {
  let server: FaultServer;
  const agent = new Agent();
  beforeAll(async () => {
    server = await startFaultServer({ seed: 3 });
  });
  afterAll(async () => {
    await server.stop();
    await agent.close();
  });

  async function chat(key: string): Promise<void> {
    const res = await request(`${server.url}/openai/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: [{ type: 'text', text: `hi ${correlationTag(key)}` }] }],
      }),
      dispatcher: agent,
    });
    await res.body.text();
  }
  async function control(path: string, init: { method?: string; accept?: string } = {}) {
    const res = await request(`${server.url}/__brownout${path}`, {
      method: (init.method ?? 'GET') as 'GET',
      headers: init.accept ? { accept: init.accept } : {},
      dispatcher: agent,
    });
    return { status: res.statusCode, type: String(res.headers['content-type']), text: await res.body.text() };
  }

  it('as JSON pages, as NDJSON, and clears it on DELETE and on reset', async () => {
    server.reset();
    server.setFaults([{ kind: 'http-error', target: 'openai', status: 503, times: 1 }]);
    for (const key of ['k1', 'k2', 'k3']) await chat(key);

    const page = JSON.parse((await control('/upstream?limit=2')).text) as UpstreamRecordPage;
    expect(page.attempts.map((a) => [a.seq, a.key, a.status])).toEqual([
      [1, 'k1', 503],
      [2, 'k2', 200],
    ]);
    expect(page.attempts[0]?.fault).toEqual({ index: 0, kind: 'http-error', variant: 'http-error' });
    expect(page.next).toBe(2);
    const rest = JSON.parse((await control(`/upstream?after=${page.next}`)).text) as UpstreamRecordPage;
    expect(rest.attempts.map((a) => a.key)).toEqual(['k3']);
    expect(rest.next).toBeUndefined();

    const ndjson = await control('/upstream', { accept: 'application/x-ndjson' });
    expect(ndjson.type).toMatch(/^application\/x-ndjson/);
    const lines = ndjson.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.slice(0, -1).map((a) => a.seq)).toEqual([1, 2, 3]);
    expect(lines.at(-1)).toEqual({ dropped: 0 });

    expect((await control('/upstream?limit=-1')).status).toBe(400);
    expect((await control('/upstream', { method: 'DELETE' })).status).toBe(200);
    expect(server.upstream().attempts).toEqual([]);
    expect(server.stats().requests).toBe(3);

    await chat('k4');
    expect((await control('/reset', { method: 'POST' })).status).toBe(200);
    expect(JSON.parse((await control('/upstream')).text)).toEqual({ attempts: [], dropped: 0 });
  });

  it("marks the runner's probe by its URL tag, and the fault it met", async () => {
    server.reset();
    server.setFaults([{ kind: 'model-missing', target: 'huggingface' }]);
    const url = probeTaggedUrl(
      `${server.url}/huggingface/api/models/openai/gpt-oss-20b?expand[]=disabled`,
      'r.probe',
    );
    const res = await request(url, { dispatcher: agent });
    await res.body.text();
    expect(res.statusCode).toBe(404);
    const [probe] = server.upstream().attempts;
    expect(probe).toMatchObject({
      probe: 'r.probe',
      provider: 'huggingface',
      operation: 'hub-model-info',
      model: 'openai/gpt-oss-20b',
      status: 404,
      fault: { index: 0, kind: 'model-missing' },
    });
    expect(probe?.key).toBeUndefined();
    await chat('k5');
    expect(server.upstream().attempts[1]?.probe).toBeUndefined();
  });
});
