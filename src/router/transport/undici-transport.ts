import { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import { abortHandleOf } from '../signals.ts';
import type { Transport, TransportRequest, TransportResponse } from './transport.ts';

export interface UndiciTransportOptions {
  /** Replaces the keep-alive Agent, e.g. with an undici MockAgent in tests. */
  dispatcher?: Dispatcher;
  /** Connections per origin (default 128). */
  connections?: number;
  keepAliveTimeoutMs?: number;
}

/**
 * The fast path: undici's `request()` on a keep-alive Agent. undici's own header and body
 * timeouts are switched off because the router owns every timeout (per attempt, idle, deadline).
 */
export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ??
    new Agent({
      connections: options.connections ?? 128,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      headersTimeout: 0,
      bodyTimeout: 0,
    });

  // Providers send to a handful of URLs: parse each once (new URL costs more than the rest of a call's setup).
  const parsed = new Map<string, { origin: string; path: string }>();
  function target(href: string): { origin: string; path: string } {
    let hit = parsed.get(href);
    if (!hit) {
      const url = new URL(href);
      hit = { origin: url.origin, path: url.pathname + url.search };
      if (parsed.size < 1024) parsed.set(href, hit);
    }
    return hit;
  }

  async function request(request: TransportRequest): Promise<TransportResponse> {
    const { origin, path } = target(request.url);
    const response = await dispatcher.request({
      origin,
      path,
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      // The attempt's LinkedAbort when the request carries one: undici only needs an abort listener.
      signal: (abortHandleOf(request) ?? request.signal) as AbortSignal,
    });
    const { body, headers } = response;
    return {
      status: response.statusCode,
      header(name) {
        const value = headers[name];
        return Array.isArray(value) ? value.join(', ') : value;
      },
      headerEntries() {
        return Object.entries(headers).flatMap(([name, value]) =>
          value === undefined
            ? []
            : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]],
        );
      },
      body,
      text: () => body.text(),
      async discard() {
        await body.dump().catch(() => {});
      },
      abort() {
        body.destroy();
      },
    };
  }

  // A fetch over request(): cheaper than undici.fetch and shares the same pool.
  async function fetchOverRequest(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const req: TransportRequest = {
      url,
      method: (init.method ?? 'GET').toUpperCase() as TransportRequest['method'],
      headers,
      signal: init.signal ?? new AbortController().signal,
    };
    if (typeof init.body === 'string') req.body = init.body;
    const res = await request(req);
    const responseHeaders = new Headers(res.headerEntries());
    const nullBody = res.status === 204 || res.status === 304;
    if (nullBody) await res.discard();
    const webBody = nullBody ? null : (Readable.toWeb(res.body as Readable) as ReadableStream<Uint8Array>);
    return new Response(webBody, { status: res.status, headers: responseHeaders });
  }

  return {
    name: 'undici',
    request,
    fetch: fetchOverRequest as typeof globalThis.fetch,
    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}
