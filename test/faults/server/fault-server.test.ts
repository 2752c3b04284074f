import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FaultServer, startFaultServer } from '../../../src/faults/server/fault-server.ts';

let server: FaultServer;
let base: string;
const control = (method: string, path: string, body?: unknown) =>
  fetch(`${base}/__brownout${path}`, {
    method,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
const chat = (prefix = '/openai') =>
  fetch(`${base}${prefix}/v1/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
  });

beforeAll(async () => {
  const t0 = performance.now();
  server = await startFaultServer();
  // "Well under a second": generous bound, the point is no slow start-up work.
  expect(performance.now() - t0).toBeLessThan(500);
  base = server.url;
});
afterAll(() => server.stop());
afterEach(() => {
  server.setFaults([]);
  server.reset();
});

describe('fault server: paths', () => {
  it('binds loopback on a free port and lists its endpoints', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.endpoints).toEqual({
      openai: { baseURL: `${base}/openai/v1` },
      huggingface: { endpointUrl: `${base}/hf`, hubUrl: `${base}/hf` },
    });
  });

  it('serves OpenAI, the HF router and hub, and any other name as OpenAI-compatible', async () => {
    expect((await (await fetch(`${base}/openai/v1/models`)).json()).object).toBe('list');
    expect((await (await chat('/hf')).json()).choices[0].finish_reason).toBe('eos_token');
    expect((await (await fetch(`${base}/hf/api/models/openai/gpt-oss-20b`)).json()).id).toBe(
      'openai/gpt-oss-20b',
    );
    expect((await (await chat('/mistral')).json()).choices[0].message.content).toMatch(
      /The mistral provider/,
    );
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect(server.stats().byTarget).toMatchObject({
      openai: { requests: 1 },
      huggingface: { requests: 2 },
      mistral: { requests: 1 },
    });
  });
});

describe('fault server: control API', () => {
  it('PUT installs faults, GET lists them, DELETE clears them; the wire follows', async () => {
    const put = await control('PUT', '/faults', [{ kind: 'http-error', target: 'openai', status: 503 }]);
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual([
      { kind: 'http-error', target: 'openai', status: 503, probability: 1, after: 0, startMs: 0 },
    ]);
    expect((await chat()).status).toBe(503);
    expect(await (await control('GET', '/faults')).json()).toHaveLength(1);
    expect(await (await control('DELETE', '/faults')).json()).toEqual([]);
    expect((await chat()).status).toBe(200);
  });

  it('POST adds a fault after the current ones', async () => {
    await control('PUT', '/faults', [{ kind: 'auth', target: 'huggingface' }]);
    const res = await control('POST', '/faults', { kind: 'rate-limit', target: 'openai', retryAfterS: 3 });
    expect((await res.json()).map((f: { kind: string }) => f.kind)).toEqual(['auth', 'rate-limit']);
    expect((await chat()).headers.get('retry-after')).toBe('3');
  });

  it('a bad fault gets 400 with the validation message, and the previous faults stay', async () => {
    await control('PUT', '/faults', [{ kind: 'http-error', target: 'openai', status: 502 }]);
    const bad = await control('PUT', '/faults', [{ kind: 'http-error', target: 'openai', probability: 1.5 }]);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        code: 'BROWNOUT_FAULT_INVALID',
        message: 'faults[0].probability: must be in the range [0, 1], got 1.5',
        issues: [{ path: 'faults[0].probability', message: 'must be in the range [0, 1], got 1.5' }],
      },
    });
    const unsupported = await control('POST', '/faults', { kind: 'network', target: 'openai', mode: 'dns' });
    expect(unsupported.status).toBe(400);
    expect((await unsupported.json()).error.message).toMatch(
      /^faults\[1\]: the server backend cannot produce network:dns/,
    );
    expect((await control('PUT', '/faults', '{oops')).status).toBe(400);
    expect((await control('PUT', '/faults', { kind: 'auth', target: 'openai' })).status).toBe(400);
    expect((await chat()).status).toBe(502);
  });

  it('answers 405 with Allow for a wrong method and 404 for an unknown endpoint', async () => {
    const wrong = await control('GET', '/reset');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await control('GET', '/nope')).status).toBe(404);
  });

  it('stats count requests per target and injections per target and kind; reset zeroes them and the clock', async () => {
    await control('PUT', '/faults', [{ kind: 'http-error', target: 'openai', times: 1 }]);
    await chat();
    await chat();
    const stats = await (await control('GET', '/stats')).json();
    expect(stats).toMatchObject({
      backend: 'server',
      requests: 2,
      injected: 1,
      byTarget: { openai: { requests: 2, injected: 1, byKind: { 'http-error': 1 } } },
      faults: [{ index: 0, kind: 'http-error', target: 'openai', injected: 1 }],
    });
    expect(await (await control('POST', '/reset')).json()).toMatchObject({ requests: 0, injected: 0 });
    expect((await chat()).status).toBe(503);
  });

  it('time windows count from the start or the last reset', async () => {
    await control('PUT', '/faults', [{ kind: 'http-error', target: 'openai', startMs: 150 }]);
    await control('POST', '/reset');
    expect((await chat()).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect((await chat()).status).toBe(503);
  });
});

describe('fault server: lifecycle', () => {
  it('a client gone mid-body leaves no attempt, no socket, and the next request is answered', async () => {
    const { connect } = await import('node:net');
    const s = await startFaultServer();
    try {
      const socket = connect(s.port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.write(
        'POST /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"model":',
      );
      await vi.waitFor(() => expect(s.openSockets).toBe(1));
      socket.destroy();
      await closed;
      await vi.waitFor(() => expect(s.openSockets).toBe(0));
      const res = await fetch(`${s.url}/openai/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(res.status).toBe(200);
      await res.text();
      // Only the whole request reached the fake provider.
      expect(s.upstream().attempts.map((a) => a.end)).toEqual(['complete']);
    } finally {
      await s.stop();
    }
  });

  it('adds its configured latency to healthy answers', async () => {
    const slow = await startFaultServer({ latencyMs: 150 });
    try {
      const t0 = performance.now();
      expect((await fetch(`${slow.url}/openai/v1/models`)).status).toBe(200);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
    } finally {
      await slow.stop();
    }
  });

  it('stop() ends hanging connections, and leaves no socket or server handle behind', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    const s = await startFaultServer({ faults: [{ kind: 'timeout', target: 'openai', mode: 'hang' }] });
    const hung = fetch(`${s.url}/openai/v1/models`).then(
      () => 'answered',
      (error: unknown) => (error as { cause?: { code?: string } }).cause?.code,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(s.openSockets).toBe(1);
    await s.stop();
    expect(await hung).toBe('UND_ERR_SOCKET');
    expect(s.openSockets).toBe(0);
    // libuv closes the listening handle a tick after 'close'.
    await vi.waitFor(() =>
      expect(process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length).toBe(before),
    );
  });
});
