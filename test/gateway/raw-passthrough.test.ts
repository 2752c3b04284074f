import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../src/gateway/gateway.ts';
import { openaiCompatible } from '../../src/router/providers/openai-compatible.ts';
import { createRouter, type Router } from '../../src/router/router.ts';

/**
 * The gateway sends the provider's own text when normalizing changed nothing, and the normalized
 * encoding when it did; validation runs on every answer either way. The upstream here answers in a
 * spelling JSON.stringify would never produce (spaces, escapes), so "as sent" is visible in the bytes.
 */

const ANSWER_AS_SENT =
  '{ "id": "chatcmpl-raw1", "object": "chat.completion", "created": 1764000000, "model": "m",\n' +
  '  "choices": [ { "index": 0, "message": { "role": "assistant", "content": "caf\\u00e9 \\/ ok", "refusal": null },\n' +
  '  "logprobs": null, "finish_reason": "stop" } ] }';
/** Valid once normalized: TGI's finish reason, no refusal, no logprobs. */
const ANSWER_TO_REWRITE =
  '{"id":"chatcmpl-raw2","object":"chat.completion","created":1764000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"eos_token"}]}';
/** Schema drift: content must be a string or null. */
const ANSWER_INVALID =
  '{"id":"chatcmpl-raw3","object":"chat.completion","created":1764000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":42,"refusal":null},"logprobs":null,"finish_reason":"stop"}]}';

const chunkText = (fields: string) =>
  `{ "id": "chatcmpl-s1", "object": "chat.completion.chunk", "created": 1764000000, "model": "m", ${fields} }`;
/** Events as an upstream sends them: the first two go through as sent, the third lacks an id, the fourth spans two data lines. */
const STREAM_EVENTS = [
  chunkText(
    '"choices": [ { "index": 0, "delta": { "role": "assistant", "content": "" }, "finish_reason": null } ]',
  ),
  chunkText('"choices": [ { "index": 0, "delta": { "content": "caf\\u00e9" }, "finish_reason": null } ]'),
  '{"object":"chat.completion.chunk","created":1764000000,"model":"m","choices":[{"index":0,"delta":{"content":"!"},"finish_reason":null}]}',
  chunkText('"choices": [ { "index": 0, "delta": {},\ndata:  "finish_reason": "stop" } ]'),
];

let upstream: Server;
let router: Router;
let gateway: Gateway;
let answer = ANSWER_AS_SENT;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      if ((JSON.parse(Buffer.concat(body).toString()) as { stream?: boolean }).stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(`${STREAM_EVENTS.map((e) => `data: ${e}\n\n`).join('')}data: [DONE]\n\n`);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as AddressInfo;
  router = createRouter({
    providers: [openaiCompatible({ name: 'up', baseURL: `http://127.0.0.1:${port}/v1`, model: 'm' })],
    retry: { maxRetries: 0 },
    breaker: false,
  });
  gateway = await startGateway({ router, port: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await router?.close();
  await new Promise((resolve) => upstream?.close(resolve));
});

async function ask(stream: boolean): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'up', stream, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

describe('gateway: the upstream text goes out as sent when normalizing changes nothing', () => {
  it('a JSON answer that needs no rewrite: the bytes the upstream sent, with its length and the route headers', async () => {
    answer = ANSWER_AS_SENT;
    const res = await ask(false);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(bytes.equals(Buffer.from(ANSWER_AS_SENT))).toBe(true);
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('x-brownout-provider')).toBe('up');
    const route = JSON.parse(res.headers.get('x-brownout-route') ?? '');
    expect(Object.keys(route)).toEqual(['attempts', 'failoverMs', 'skipped', 'startedAt']);
    expect(route.attempts).toMatchObject([{ provider: 'up', outcome: 'ok' }]);
  });

  it('a JSON answer the normalizer rewrites: the normalized encoding, not the upstream text', async () => {
    answer = ANSWER_TO_REWRITE;
    const res = await ask(false);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toBe(ANSWER_TO_REWRITE);
    const completion = JSON.parse(text);
    expect(text).toBe(JSON.stringify(completion));
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'stop',
      logprobs: null,
      message: { content: 'hi', refusal: null },
    });
  });

  it('an answer that fails validation is still refused: no upstream text reaches the client', async () => {
    answer = ANSWER_INVALID;
    const res = await ask(false);
    const text = await res.text();
    expect(res.status).toBe(502);
    expect(text).not.toContain('chatcmpl-raw3');
    const route = JSON.parse(res.headers.get('x-brownout-route') ?? '');
    expect(route.attempts).toMatchObject([{ provider: 'up', outcome: 'malformed' }]);
  });

  it('a stream: events that need no rewrite as sent, the others normalized, then [DONE]', async () => {
    const res = await ask(true);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('x-brownout-provider')).toBe('up');
    const lines = text.split('\n\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(`data: ${STREAM_EVENTS[0]}`);
    expect(lines[1]).toBe(`data: ${STREAM_EVENTS[1]}`);
    // No id: the normalizer gave it one, so it is encoded again.
    const third = JSON.parse((lines[2] as string).slice('data: '.length));
    expect(lines[2]).toBe(`data: ${JSON.stringify(third)}`);
    expect(third.id).toMatch(/^chatcmpl-/);
    // Two data lines upstream: one line here, the parsed value re-encoded.
    const fourth = JSON.parse((lines[3] as string).slice('data: '.length));
    expect(lines[3]).toBe(`data: ${JSON.stringify(fourth)}`);
    expect(fourth.choices[0].finish_reason).toBe('stop');
    expect(lines[4]).toBe('data: [DONE]');
  });
});
