import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../src/gateway/gateway.ts';
import { openai } from '../../src/router/providers/openai.ts';
import { createRouter, type Router } from '../../src/router/router.ts';
import { useHarness } from './support/harness.ts';

const messages = [{ role: 'user', content: 'Say hello.' }];

async function post(url: string, body: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { error?: Record<string, unknown> } };
}

describe('gateway: HTTP methods', () => {
  const h = useHarness();

  it('HEAD answers as GET does, without a body', async () => {
    for (const path of ['/healthz', '/v1/models']) {
      const response = await fetch(`${h.gateway.url}${path}`, { method: 'HEAD' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.text()).toBe('');
    }
  });

  it('bounds the time a client gets to send its request by default: headers 10 s, the whole request 30 s', () => {
    expect(h.gateway.server.headersTimeout).toBe(10_000);
    expect(h.gateway.server.requestTimeout).toBe(30_000);
    expect(h.gateway.server.keepAliveTimeout).toBe(30_000);
  });

  it('OPTIONS says which methods a route allows (204, Allow), with no CORS grant', async () => {
    const chat = await fetch(`${h.gateway.url}/v1/chat/completions`, { method: 'OPTIONS' });
    expect(chat.status).toBe(204);
    expect(chat.headers.get('allow')).toBe('POST, OPTIONS');
    expect(chat.headers.get('access-control-allow-origin')).toBeNull();
    const health = await fetch(`${h.gateway.url}/healthz`, { method: 'OPTIONS' });
    expect(health.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('a known route with the wrong method is 405 with Allow; an unknown route stays 404', async () => {
    const wrong = await fetch(`${h.gateway.url}/v1/chat/completions`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, OPTIONS');
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed');
    expect((await fetch(`${h.gateway.url}/nowhere`, { method: 'HEAD' })).status).toBe(404);
  });
});

describe('gateway: what a chat request may ask', () => {
  const h = useHarness();
  beforeEach(() => {
    h.faults.setFaults([]);
  });
  const chat = () => `${h.gateway.url}/v1/chat/completions`;

  it('a model the gateway does not serve is 404 model_not_found, naming the ones it does', async () => {
    const { status, body } = await post(chat(), { model: 'gpt-5-imaginary', messages });
    expect(status).toBe(404);
    expect(body.error).toMatchObject({
      code: 'model_not_found',
      param: 'model',
      type: 'invalid_request_error',
    });
    expect(String(body.error?.message)).toContain('gpt-4o-mini');
  });

  it('a listed model, a provider name, or no model at all is served', async () => {
    for (const model of ['gpt-4o-mini', 'openai/gpt-oss-20b', 'huggingface', undefined]) {
      const { status } = await post(chat(), { ...(model ? { model } : {}), messages });
      expect(status, String(model)).toBe(200);
    }
  });

  it('n other than 1 is 400 on param n (the gateway returns one choice)', async () => {
    for (const n of [3, 0, '1']) {
      const { status, body } = await post(chat(), { messages, n });
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ param: 'n', type: 'invalid_request_error' });
    }
    expect((await post(chat(), { messages, n: 1 })).status).toBe(200);
  });

  it('stream must be a boolean: "yes" is 400, not a stream', async () => {
    for (const stream of ['yes', 1, 'true']) {
      const { status, body } = await post(chat(), { messages, stream });
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ param: 'stream', type: 'invalid_request_error' });
    }
  });

  it('a message that is not an object with a role is 400 on that message, before any provider', async () => {
    const { status, body } = await post(chat(), { messages: [null] });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ param: 'messages[0]' });
  });

  it('content nested 5,000 deep is 400 bad-request, and six of them open no breaker', async () => {
    // Written by hand: JSON.stringify itself cannot encode it.
    const deep = `{"messages":[{"role":"user","content":${'['.repeat(5000)}"hi"${']'.repeat(5000)}}]}`;
    h.faults.reset();
    for (let i = 0; i < 6; i++) {
      const { status, body } = await post(chat(), deep);
      expect(status).toBe(400);
      expect(body.error?.code).toBe('bad-request');
    }
    expect(h.faults.stats().requests).toBe(0);
    expect(Object.values(h.router.breakers()).every((s) => s === 'closed' || s === 'disabled')).toBe(true);
    expect((await post(chat(), { messages })).status).toBe(200);
  });
});

/** Opens a raw connection and sends `text`; resolves when the server closes it, with what it answered. */
function slowClient(
  url: string,
  text: string,
): { socket: Socket; closed: Promise<{ ms: number; answer: string }> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const started = performance.now();
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => {
    answer += d;
  });
  socket.on('error', () => {});
  socket.write(text);
  const closed = new Promise<{ ms: number; answer: string }>((resolve) =>
    socket.once('close', () => resolve({ ms: performance.now() - started, answer })),
  );
  return { socket, closed };
}

describe('gateway: a slow client is not held for long (slowloris)', () => {
  let router: Router;
  let gateway: Gateway;
  beforeAll(async () => {
    router = createRouter({
      providers: [openai({ apiKey: 'sk-x', model: 'gpt-4o-mini', baseURL: 'http://127.0.0.1:9/v1' })],
    });
    gateway = await startGateway({ router, port: 0, headersTimeoutMs: 500, requestTimeoutMs: 1_000 });
  });
  afterAll(async () => {
    await gateway.close();
    await router.close();
  });

  it('a body that never finishes is cut with 408 once the request time is up', async () => {
    const { socket, closed } = slowClient(
      gateway.url,
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"mess',
    );
    const { ms, answer } = await closed;
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    // Generous: the machine is loaded; Node's default would hold it for 300 s.
    expect(ms).toBeLessThan(10_000);
  });

  it('headers that never finish are cut once the header time is up', async () => {
    const { socket, closed } = slowClient(gateway.url, 'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n');
    const { ms } = await closed;
    socket.destroy();
    expect(ms).toBeLessThan(10_000);
  });
});
