/**
 * Plain clients for the conformance suite, recording what a caller observes: status, headers, the
 * bytes received, how a request or body read failed (classified by code and type), and timings.
 */
import { type Dispatcher, request } from 'undici';
import { classifyError, type ErrorClass } from '../../../src/faults/backends/network-error.ts';

export interface Sent {
  url: string;
  method: string;
  body?: string;
  /** The client gives up after this long (headers and body together). */
  timeoutMs: number;
}

/** What a client saw. `error` is a failed request; `bodyError` a body that broke after headers. */
export interface Observation {
  status?: number;
  headers: Record<string, string>;
  received: string;
  error?: ErrorClass;
  bodyError?: ErrorClass;
  headersMs: number;
  totalMs: number;
}

export interface Client {
  name: string;
  send(sent: Sent): Promise<Observation>;
}

/** A failure the client caused by giving up is a timeout, whatever shape the library gives it. */
function classify(error: unknown, signal: AbortSignal): ErrorClass {
  return signal.aborted ? 'timeout' : classifyError(error);
}

/** Global fetch (MSW, nock and the fault server reach it). */
export const fetchClient: Client = {
  name: 'fetch',
  async send(sent) {
    const t0 = performance.now();
    const signal = AbortSignal.timeout(sent.timeoutMs);
    let res: Response;
    try {
      res = await fetch(sent.url, {
        method: sent.method,
        body: sent.body,
        headers: sent.body ? { 'content-type': 'application/json' } : {},
        signal,
      });
    } catch (error) {
      const ms = performance.now() - t0;
      return { headers: {}, received: '', error: classify(error, signal), headersMs: ms, totalMs: ms };
    }
    const headersMs = performance.now() - t0;
    const headers = Object.fromEntries(res.headers);
    let received = '';
    let bodyError: ErrorClass | undefined;
    const decoder = new TextDecoder();
    try {
      const reader = res.body?.getReader();
      for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
        received += decoder.decode(next.value, { stream: true });
      }
    } catch (error) {
      bodyError = classify(error, signal);
    }
    return { status: res.status, headers, received, bodyError, headersMs, totalMs: performance.now() - t0 };
  },
};

/** `undici.request` with a dispatcher (MockAgent, or an Agent for the fault server). */
export function undiciClient(dispatcher: Dispatcher): Client {
  return {
    name: 'undici.request',
    async send(sent) {
      const t0 = performance.now();
      const signal = AbortSignal.timeout(sent.timeoutMs);
      let res: Dispatcher.ResponseData;
      try {
        res = await request(sent.url, {
          method: sent.method as Dispatcher.HttpMethod,
          body: sent.body,
          headers: sent.body ? { 'content-type': 'application/json' } : {},
          dispatcher,
          signal,
        });
      } catch (error) {
        const ms = performance.now() - t0;
        return { headers: {}, received: '', error: classify(error, signal), headersMs: ms, totalMs: ms };
      }
      const headersMs = performance.now() - t0;
      const headers = Object.fromEntries(
        Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
      );
      let received = '';
      let bodyError: ErrorClass | undefined;
      try {
        for await (const chunk of res.body) received += (chunk as Buffer).toString('utf8');
      } catch (error) {
        bodyError = classify(error, signal);
      }
      return {
        status: res.statusCode,
        headers,
        received,
        bodyError,
        headersMs,
        totalMs: performance.now() - t0,
      };
    },
  };
}
