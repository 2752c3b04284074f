import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DRAIN_MAX_MS } from '../../src/router/drain.ts';
import { isRouterError } from '../../src/router/errors.ts';
import { openai } from '../../src/router/providers/openai.ts';
import { createRouter, type Router } from '../../src/router/router.ts';
import { OPENAI_STREAM, sseEvents, sseFrame } from './support/fixtures.ts';
import { ASK, drain } from './support/router-harness.ts';

/** What the upstream does with a stream request. */
type Mode =
  | 'whole' // every event, [DONE], then (in a later write) the end of the body
  | 'hold-after-done' // every event and [DONE], then the body stays open
  | 'cut'; // two events, then the socket is destroyed mid-stream

const TAIL_MS = 10;
const EVENTS = sseEvents(OPENAI_STREAM);
const ANSWER = sseFrame(EVENTS);
const PARTIAL = sseFrame(EVENTS.slice(0, 2));

let server: Server;
let baseURL: string;
let mode: Mode = 'whole';
let connections = 0;
/** Upstream sockets closed (by either side) since the test began. */
let closed = 0;
const sockets = new Set<Socket>();
let router: Router | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // The end of the body comes a little after [DONE], in a packet of its own (as from a
      // provider over a real network): the client sees [DONE] before the body ends.
      if (mode === 'whole') res.write(ANSWER, () => setTimeout(() => res.end(), TAIL_MS));
      else if (mode === 'hold-after-done') res.write(ANSWER);
      else res.write(PARTIAL, () => res.socket?.destroy());
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => {
      closed++;
      sockets.delete(socket);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(async () => {
  await router?.close();
  router = undefined;
  server.closeAllConnections();
  await allSocketsClosed(5000);
  connections = 0;
  closed = 0;
  mode = 'whole';
});

function newRouter(): Router {
  router = createRouter({
    providers: [openai({ apiKey: 'sk-test', model: 'gpt-4o-mini', baseURL })],
    attemptTimeoutMs: 5000,
    idleTimeoutMs: 5000,
    retry: { maxRetries: 0 },
    breaker: false,
  });
  return router;
}

/** Resolves once no upstream socket is open, or rejects after `ms`. */
async function allSocketsClosed(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (sockets.size > 0) {
    if (Date.now() > until) throw new Error(`${sockets.size} upstream socket(s) still open after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('stream connection reuse', () => {
  it('sequential streams read to [DONE] share one upstream connection', async () => {
    const routed = newRouter();
    for (let i = 0; i < 5; i++) {
      const { items, error } = await drain(routed.stream(ASK));
      expect(error).toBeUndefined();
      expect(items.some((c) => c.choices.some((choice) => choice.finish_reason === 'stop'))).toBe(true);
      // Time for the tail to arrive (generous: the machine is loaded). Torn down at [DONE], as
      // before the drain, each stream's connection would be gone by then.
      await new Promise((resolve) => setTimeout(resolve, TAIL_MS * 10));
    }
    expect(connections).toBe(1);
    expect(closed).toBe(0);
  });

  it('back-to-back streams never close an upstream connection', async () => {
    const routed = newRouter();
    for (let i = 0; i < 6; i++) expect((await drain(routed.stream(ASK))).error).toBeUndefined();
    // Each may take a new connection while the last one's tail is on its way; none is destroyed.
    expect(closed).toBe(0);
  });

  it('a body held open after [DONE] ends the stream at once and loses its socket within the drain cap', async () => {
    mode = 'hold-after-done';
    const routed = newRouter();
    const { items, error } = await drain(routed.stream(ASK));
    expect(error).toBeUndefined();
    expect(items.length).toBe(EVENTS.length - 1);
    // The caller is not held by the drain: its stream ended while the upstream socket is still open.
    expect(sockets.size).toBe(1);
    await allSocketsClosed(DRAIN_MAX_MS + 4000);
    // The next stream gets a fresh connection.
    mode = 'whole';
    expect((await drain(routed.stream(ASK))).error).toBeUndefined();
    expect(connections).toBeGreaterThan(1);
  });

  it('a stream cut mid-way still fails as interrupted and its connection is not reused', async () => {
    mode = 'cut';
    const routed = newRouter();
    const { items, error } = await drain(routed.stream(ASK));
    expect(isRouterError(error) && error.code).toBe('stream-interrupted');
    expect(items.length).toBeLessThan(EVENTS.length - 1);
    await allSocketsClosed(5000);
    mode = 'whole';
    expect((await drain(routed.stream(ASK))).error).toBeUndefined();
    expect(connections).toBe(2);
    expect(closed).toBe(1);
  });

  it('a caller that stops reading early still tears its upstream socket down', async () => {
    mode = 'hold-after-done';
    const routed = newRouter();
    for await (const chunk of routed.stream(ASK)) {
      expect(chunk.object).toBe('chat.completion.chunk');
      break;
    }
    // Well under the drain cap: an early stop is a teardown, not a drain.
    await allSocketsClosed(DRAIN_MAX_MS / 2);
  });
});
