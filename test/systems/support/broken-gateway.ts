/**
 * Tiny real OpenAI-compatible gateways, each broken on purpose in one way real gateways are: the
 * systems the black-box checks must catch. A plain node:http server, upstream calls with undici's
 * `request`; primary then fallback; no route headers (a black box).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { ProviderEndpoints } from '../../../src/faults/endpoints.ts';

/**
 * - `none`: a correct gateway (fails over at once, honours the caller's abort, reports cut streams);
 * - `ignore-retry-after`: a 429 is retried on the same provider at once, three times;
 * - `retry-401`: a 401 is retried on the same provider, twice;
 * - `fixed-backoff`: a 5xx is retried on the same provider after a fixed 800 ms, twice, before failing over;
 * - `orphan`: upstream calls ignore the caller leaving (no abort), and it fails over after the caller left;
 * - `cut-as-complete`: an upstream stream that breaks is finished with `finish_reason: "stop"` and `[DONE]`.
 */
export type Flaw =
  | 'none'
  | 'ignore-retry-after'
  | 'retry-401'
  | 'fixed-backoff'
  | 'orphan'
  | 'cut-as-complete';

export interface BrokenGateway {
  url: string;
  close(): Promise<void>;
}

interface Upstream {
  name: string;
  url: string;
  model: string;
  key: string;
}

function upstreams(endpoints: ProviderEndpoints): Upstream[] {
  return [
    {
      name: 'openai',
      url: `${endpoints.openai.baseURL}/chat/completions`,
      model: 'gpt-4o-mini',
      key: 'sk-broken',
    },
    {
      name: 'huggingface',
      url: `${endpoints.huggingface.endpointUrl}/v1/chat/completions`,
      model: 'openai/gpt-oss-20b',
      key: 'hf_broken',
    },
  ];
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

/** How many times the flaw asks the same provider again after `status`, and how long it waits first. */
function retriesAfter(flaw: Flaw, status: number): { times: number; waitMs: number } {
  if (flaw === 'ignore-retry-after' && status === 429) return { times: 3, waitMs: 0 };
  if (flaw === 'retry-401' && status === 401) return { times: 2, waitMs: 0 };
  if (flaw === 'fixed-backoff' && status >= 500) return { times: 2, waitMs: 800 };
  return { times: 0, waitMs: 0 };
}

export async function startBrokenGateway(endpoints: ProviderEndpoints, flaw: Flaw): Promise<BrokenGateway> {
  const server: Server = createServer((req, res) => {
    handle(req, res, upstreams(endpoints), flaw).catch(() => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'gateway error', type: 'gateway_error' } }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  list: Upstream[],
  flaw: Flaw,
): Promise<void> {
  const body = await readBody(req);
  const callerLeft = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) callerLeft.abort();
  });
  // The `orphan` gateway never tells upstream that its caller left.
  const signal = flaw === 'orphan' ? undefined : callerLeft.signal;
  let last: { status: number; body: string } = { status: 502, body: '{"error":{"message":"no upstream"}}' };
  for (const upstream of list) {
    let tries = 0;
    for (;;) {
      if (flaw !== 'orphan' && callerLeft.signal.aborted) return;
      const answer = await request(upstream.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${upstream.key}` },
        body: JSON.stringify({ ...body, model: upstream.model }),
        ...(signal ? { signal } : {}),
      }).catch(() => undefined);
      if (answer === undefined) break; // network error or aborted: next provider
      if (answer.statusCode < 300) {
        if (body.stream === true) return relayStream(answer.body, res, flaw);
        const text = await answer.body.text();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(text);
        return;
      }
      last = { status: answer.statusCode, body: await answer.body.text() };
      const retry = retriesAfter(flaw, answer.statusCode);
      if (tries >= retry.times) break;
      tries++;
      if (retry.waitMs > 0) await sleep(retry.waitMs);
    }
  }
  if (res.destroyed) return;
  res.writeHead(last.status, { 'content-type': 'application/json' });
  res.end(last.body);
}

/**
 * Relays an upstream SSE stream event by event. A correct gateway reports a break (destroys the
 * socket); `cut-as-complete` drops the partial event and finishes the stream as if it were whole.
 */
async function relayStream(upstream: AsyncIterable<Buffer>, res: ServerResponse, flaw: Flaw): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let pending = '';
  let done = false;
  try {
    for await (const chunk of upstream) {
      pending += chunk.toString('utf8');
      let end = pending.indexOf('\n\n');
      while (end >= 0) {
        const event = pending.slice(0, end + 2);
        if (event.includes('[DONE]')) done = true;
        res.write(event);
        pending = pending.slice(end + 2);
        end = pending.indexOf('\n\n');
      }
    }
    if (flaw !== 'cut-as-complete' || done) return void res.end(pending);
  } catch {
    if (flaw !== 'cut-as-complete') return void res.destroy();
  }
  const finish = {
    id: 'chatcmpl-broken',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
  };
  res.end(`data: ${JSON.stringify(finish)}\n\ndata: [DONE]\n\n`);
}
