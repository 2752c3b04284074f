import { createHook } from 'node:async_hooks';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  fixtureJson,
  HF_COMPLETION,
  HF_MODEL_INFO,
  HF_STREAM,
  OPENAI_COMPLETION,
  OPENAI_MODELS,
  OPENAI_STREAM,
  sseEvents,
} from './fixtures.ts';

/** What the fake upstream does with a chat completion request. */
export type Behaviour =
  | { kind: 'ok' }
  /** An HTTP error with the provider's body and headers. */
  | { kind: 'status'; status: number; body: unknown; headers?: Record<string, string> }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Reset the socket (TCP RST) before any byte of the answer. */
  | { kind: 'reset' }
  /** 200 application/json with a truncated body. */
  | { kind: 'malformed-json' }
  /** SSE: send this many events, then reset the socket. */
  | { kind: 'stream-cut'; afterEvents: number }
  /** SSE: send this many events, then end the response cleanly (no finish_reason, no [DONE]). */
  | { kind: 'stream-end'; afterEvents: number }
  /** SSE: send this many events, then go silent with the connection open. */
  | { kind: 'stream-stall'; afterEvents: number }
  /** SSE: every event after a pause. */
  | { kind: 'dribble'; gapMs: number };

export type Target = 'openai' | 'hf';

export interface SeenRequest {
  target: Target;
  method: string;
  path: string;
  /** Resolves when the server sees this request's connection close. */
  closed: Promise<void>;
}

export interface LoopbackServer {
  readonly url: string;
  /** `${url}/openai/v1`: an OpenAI base URL. */
  readonly openaiBaseURL: string;
  /** `${url}/hf`: a Hugging Face endpointUrl and hubUrl. */
  readonly hfURL: string;
  readonly requests: SeenRequest[];
  /** Chat completion requests only. */
  chatRequests(target?: Target): SeenRequest[];
  set(target: Target, behaviour: Behaviour): void;
  /** Every target back to healthy, and the request log emptied. */
  reset(): void;
  /** Connections open right now. */
  openConnections(): number;
  /** Answers still being written (a dribble in progress). */
  busy(): number;
  /** Closes idle keep-alive connections (fetch's global pool keeps them otherwise). */
  closeIdle(): void;
  close(): Promise<void>;
}

const encoder = new TextEncoder();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

function sseHead(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

const writeEvent = (res: ServerResponse, data: string) => res.write(encoder.encode(`data: ${data}\n\n`));

/**
 * A fake OpenAI and Hugging Face on a real socket (127.0.0.1, port 0), for what lives in the
 * socket: hangs, resets, streams cut or stalled mid-way, dribbles. Each target answers healthy
 * fixture bodies until told otherwise with `set`.
 */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  const behaviours = new Map<Target, Behaviour>();
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const socketClosed = new WeakMap<Socket, Promise<void>>();
  /** Pending timers of dribbling answers, cleared on close. */
  const stalled = new Set<ServerResponse>();

  let busy = 0;

  async function answer(target: Target, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse((await readBody(req)) || '{}') as { stream?: boolean };
    const behaviour = behaviours.get(target) ?? { kind: 'ok' };
    const events = sseEvents(target === 'openai' ? OPENAI_STREAM : HF_STREAM);
    const completion = fixtureJson(target === 'openai' ? OPENAI_COMPLETION : HF_COMPLETION);
    switch (behaviour.kind) {
      case 'ok':
        if (!body.stream) {
          res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_loopback' });
          res.end(JSON.stringify(completion));
          return;
        }
        sseHead(res);
        for (const data of events) writeEvent(res, data);
        res.end();
        return;
      case 'status':
        res.writeHead(behaviour.status, {
          'content-type': 'application/json',
          'x-request-id': `req_${behaviour.status}`,
          ...behaviour.headers,
        });
        res.end(JSON.stringify(behaviour.body));
        return;
      case 'hang':
        stalled.add(res);
        return;
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'malformed-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(completion).slice(0, 40));
        return;
      case 'stream-cut':
      case 'stream-end':
      case 'stream-stall': {
        sseHead(res);
        for (const data of events.slice(0, behaviour.afterEvents)) writeEvent(res, data);
        if (behaviour.kind === 'stream-end') res.end();
        else if (behaviour.kind === 'stream-stall') stalled.add(res);
        // Let the events leave before the reset, so the client sees them first.
        else setTimeout(() => req.socket.resetAndDestroy(), 20);
        return;
      }
      case 'dribble':
        sseHead(res);
        busy++;
        try {
          for (const data of events) {
            if (res.destroyed) return;
            writeEvent(res, data);
            await sleep(behaviour.gapMs);
          }
          res.end();
        } finally {
          busy--;
        }
        return;
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    const path = url.pathname;
    const target: Target = path.startsWith('/hf/') ? 'hf' : 'openai';
    const closed = socketClosed.get(req.socket) ?? Promise.resolve();
    requests.push({ target, method: req.method ?? 'GET', path, closed });
    res.on('close', () => stalled.delete(res));

    if (
      req.method === 'POST' &&
      (path === '/openai/v1/chat/completions' || path === '/hf/v1/chat/completions')
    ) {
      answer(target, req, res).catch(() => res.destroy());
      return;
    }
    if (req.method === 'GET' && path === '/openai/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(fixtureJson(OPENAI_MODELS)));
      return;
    }
    if (req.method === 'GET' && path.startsWith('/hf/api/models/')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(fixtureJson(HF_MODEL_INFO)));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `no route for ${req.method} ${path}` }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socketClosed.set(
      socket,
      new Promise((resolve) =>
        socket.on('close', () => {
          sockets.delete(socket);
          resolve();
        }),
      ),
    );
  });

  // Long keep-alive: an idle connection must close because the client closed it, not by timing out.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    openaiBaseURL: `${url}/openai/v1`,
    hfURL: `${url}/hf`,
    requests,
    chatRequests: (target) =>
      requests.filter(
        (r) => r.path.endsWith('/chat/completions') && (target === undefined || r.target === target),
      ),
    set: (target, behaviour) => behaviours.set(target, behaviour),
    reset: () => {
      behaviours.clear();
      requests.length = 0;
    },
    openConnections: () => sockets.size,
    busy: () => busy,
    closeIdle: () => server.closeIdleConnections(),
    async close() {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Active handles and timers by kind: what `process.getActiveResourcesInfo()` reports. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/**
 * The kinds of resource that are now more numerous than in `baseline` (empty when nothing was
 * left behind). Fewer is fine: the test runner's own timers come and go.
 */
export function resourcesAbove(baseline: Record<string, number>): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [kind, count] of Object.entries(activeResources())) {
    if (count > (baseline[kind] ?? 0)) extra[kind] = count - (baseline[kind] ?? 0);
  }
  return extra;
}

/**
 * Retries `check` until it passes or `timeoutMs` runs out. Unlike vi.waitFor it holds no timer
 * while `check` runs, so a check of active resources does not see the poller's own.
 */
export async function eventually(check: () => void, timeoutMs = 3000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/**
 * Watches the timers and TCP handles created from now on. `leftBehind()` lists those still
 * alive and holding the event loop open (unref'd ones, such as undici's own clock, do not count):
 * after an abort or a timeout and `router.close()`, it must be empty.
 */
export function trackResources(): { leftBehind(): string[]; stop(): void } {
  type Resource = { hasRef?: () => boolean; _destroyed?: boolean };
  const live = new Map<number, { type: string; resource: Resource }>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type === 'Timeout' || type === 'TCPWRAP') live.set(id, { type, resource: resource as never });
    },
    destroy(id) {
      live.delete(id);
    },
  }).enable();
  return {
    leftBehind: () =>
      [...live.values()]
        // A fired or cleared Timeout is `_destroyed` at once; its destroy hook comes later.
        .filter(({ resource }) => resource._destroyed !== true)
        .filter(({ resource }) => typeof resource.hasRef !== 'function' || resource.hasRef())
        .map(({ type }) => type)
        .sort(),
    stop: () => hook.disable(),
  };
}
