import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RouterError } from '../router/errors.ts';
import { rawTextOf } from '../router/raw-text.ts';
import type { Router } from '../router/router.ts';
import { ABORT_HANDLE, LinkedAbort } from '../router/signals.ts';
import { GatewayRequestError, parseChatRequest } from './chat-request.ts';
import { toGatewayError } from './errors.ts';
import { RequestTooLarge, readJson } from './read-body.ts';
import { encodeFailedRouteHeaders, encodeRouteHeaders } from './route-headers.ts';
import { SseBatch } from './sse-batch.ts';

export interface GatewayOptions {
  router: Router;
  port?: number;
  /** Default 127.0.0.1: exposing a gateway beyond loopback is a decision, not a default. */
  host?: string;
  /** Largest request body accepted (default 1 MiB). */
  maxBodyBytes?: number;
  /** Time a client gets to send its request headers (default 10 s): a slowloris holds nothing longer. */
  headersTimeoutMs?: number;
  /** Time a client gets to send its whole request, headers and body (default 30 s); then 408. */
  requestTimeoutMs?: number;
  /** A keep-alive connection with no request is closed after this long (default 30 s). */
  idleTimeoutMs?: number;
}

export interface Gateway {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Wall-clock ms, sub-ms precise: attempts' `startMs` count from here (`startedAt` in the route header). */
function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * When the router began each request: the attempts' `startMs` count from it. In the route header
 * as `startedAt` (epoch ms), so a client on the same clock can place the attempts on its own
 * timeline (e.g. to judge Retry-After across concurrent requests).
 */
const startedAtOf = new WeakMap<ServerResponse, number>();

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof GatewayRequestError) {
    sendJson(res, error.status, {
      error: { message: error.message, type: 'invalid_request_error', param: error.param, code: error.code },
    });
    return;
  }
  if (error instanceof RequestTooLarge) {
    // The rest of the body is never read: close the connection rather than parse it as a request.
    res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
    res.end(
      JSON.stringify({
        error: {
          message: error.message,
          type: 'invalid_request_error',
          param: null,
          code: 'request-too-large',
        },
      }),
    );
    return;
  }
  const answer = toGatewayError(error);
  if (error instanceof RouterError && error.attempts.length > 0) {
    Object.assign(answer.headers, encodeFailedRouteHeaders(error.attempts, startedAtOf.get(res)));
  }
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(JSON.stringify(answer.body));
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** How long the error event gets to reach the client before the reset (a reset drops unread bytes). */
const ERROR_EVENT_GRACE_MS = 20;

/**
 * Ends a broken stream: the SSE error event, then a reset rather than a clean end (a clean close
 * would read as a complete answer). The event is flushed first and given a moment to arrive: a
 * reset drops bytes still queued on the socket, and a client that sees the reset before it has
 * read them loses them too (the SDK then throws `terminated` without the typed code).
 */
async function endWithReset(res: ServerResponse, event: string): Promise<void> {
  const socket = res.socket;
  if (!socket || socket.destroyed) return;
  await new Promise<void>((resolve) => res.write(event, () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, ERROR_EVENT_GRACE_MS));
  if (!socket.destroyed) socket.resetAndDestroy();
}

/**
 * An OpenAI-compatible HTTP gateway over a router: `POST /v1/chat/completions` (JSON and SSE),
 * `GET /v1/models`, `GET /healthz`. A stream that breaks after it began ends with an SSE error
 * event and a reset connection, never with `[DONE]`: a client cannot mistake it for a whole answer.
 *
 * @example
 * const gateway = await startGateway({ router, port: 8080 });
 * // OpenAI SDK: new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused' })
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { router } = options;
  const limit = options.maxBodyBytes ?? 1024 * 1024;

  async function chatCompletions(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { request, stream } = parseChatRequest(await readJson(req, limit), models);
    // The client went away: stop the upstream work too. A LinkedAbort rather than an
    // AbortController: the router links to it without a Node AbortSignal and its listeners,
    // which cost several µs per request (bench:gateway profile).
    const clientGone = new LinkedAbort([]);
    res.on('close', () => {
      if (!res.writableFinished) clientGone.abort(new Error('client disconnected'));
    });
    const startedAt = epochMs();
    startedAtOf.set(res, startedAt);
    if (!stream) {
      const { completion, route } = await router.chat(request, { [ABORT_HANDLE]: clientGone });
      // The provider's own text when normalizing changed nothing (validated all the same), and its
      // length: one write, not a chunked body.
      const body = rawTextOf(completion) ?? JSON.stringify(completion);
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        ...encodeRouteHeaders(route, startedAt),
      });
      res.end(body);
      return;
    }
    const routed = router.stream(request, { [ABORT_HANDLE]: clientGone });
    const batch = new SseBatch(res);
    let started = false;
    try {
      for await (const chunk of routed) {
        if (!started) {
          started = true;
          res.writeHead(200, {
            'content-type': 'text/event-stream',
            'cache-control': 'no-cache',
            connection: 'keep-alive',
            ...(routed.route ? encodeRouteHeaders(routed.route, startedAt) : {}),
          });
        }
        batch.add(`data: ${rawTextOf(chunk) ?? JSON.stringify(chunk)}\n\n`);
        // Backpressure: a slow client slows the upstream read instead of filling memory.
        if (res.writableNeedDrain) await once(res, 'drain', { signal: clientGone.signal });
      }
      res.end(`${batch.take()}data: [DONE]\n\n`);
    } catch (error) {
      if (!started) throw error;
      const { body: errorBody } = toGatewayError(error);
      // The events before the break reach the client ahead of the error event.
      await endWithReset(res, `${batch.take()}data: ${JSON.stringify(errorBody)}\n\n`);
    }
  }

  // A client may name a provider or its model; the failover order decides who serves either way.
  const models = new Set([...router.providers, ...Object.values(router.models ?? {})]);
  const routes: Record<string, Partial<Record<'GET' | 'POST', Handler>>> = {
    '/v1/chat/completions': { POST: chatCompletions },
    '/v1/models': {
      GET: (_req, res) =>
        sendJson(res, 200, {
          object: 'list',
          data: router.providers.map((id) => ({ id, object: 'model', created: 0, owned_by: 'brownout' })),
        }),
    },
    '/healthz': { GET: (_req, res) => sendJson(res, 200, { ok: true, breakers: router.breakers() }) },
  };

  // The Allow header of each route, worked out once rather than per request.
  const allowOf: Record<string, string> = Object.fromEntries(
    Object.entries(routes).map(([path, methods]) => [
      path,
      [...Object.keys(methods), ...('GET' in methods ? ['HEAD'] : []), 'OPTIONS'].join(', '),
    ]),
  );
  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      // Node checks those timeouts on this interval (default 30 s): check often enough to honour them.
      connectionsCheckingInterval: Math.min(1_000, options.headersTimeoutMs ?? 1_000),
    },
    (req, res) => {
      const path = (req.url ?? '/').split('?')[0] as string;
      const methods = routes[path];
      const allow = allowOf[path] ?? '';
      const handle = async () => {
        if (!methods) {
          return sendJson(res, 404, {
            error: {
              message: `no route ${req.method} ${path}`,
              type: 'invalid_request_error',
              param: null,
              code: 'not_found',
            },
          });
        }
        if (req.method === 'OPTIONS') {
          // No CORS headers: a loopback gateway is not for browsers on other origins.
          res.writeHead(204, { allow });
          res.end();
          return;
        }
        // HEAD is GET without the body (Node drops the body of a HEAD answer).
        const handler = methods[(req.method === 'HEAD' ? 'GET' : req.method) as 'GET' | 'POST'];
        if (!handler) {
          return sendJson(
            res,
            405,
            {
              error: {
                message: `${req.method} is not allowed on ${path}; use ${allow}`,
                type: 'invalid_request_error',
                param: null,
                code: 'method_not_allowed',
              },
            },
            { allow },
          );
        }
        return handler(req, res);
      };
      handle().catch((error) => {
        if (res.headersSent) res.destroy();
        else sendError(res, error);
      });
    },
  );
  server.keepAliveTimeout = options.idleTimeoutMs ?? 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
