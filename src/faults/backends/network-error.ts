/**
 * Connection errors shaped like the ones Node and undici raise, for backends that fail a request
 * in-process. Clients classify by `code` / `cause.code` and type, never by message text.
 */
import type { NetworkAction } from '../action.ts';

type SystemError = Error & { code: string; errno?: number; syscall?: string; hostname?: string };

/** The system error a real socket would raise for this mode (what `undici.request` rejects with). */
export function systemError(mode: NetworkAction['mode'], host: string): SystemError {
  switch (mode) {
    case 'reset':
      return Object.assign(new Error('read ECONNRESET'), {
        code: 'ECONNRESET',
        errno: -104,
        syscall: 'read',
      });
    case 'refused':
      return Object.assign(new Error(`connect ECONNREFUSED ${host}`), {
        code: 'ECONNREFUSED',
        errno: -111,
        syscall: 'connect',
      });
    case 'dns':
      return Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {
        code: 'ENOTFOUND',
        errno: -3008,
        syscall: 'getaddrinfo',
        hostname: host,
      });
  }
}

/**
 * What fetch rejects with (TypeError "fetch failed", the system error as `cause`). The code is
 * copied onto the TypeError too, since node:http clients read `err.code` off the same object.
 */
export function fetchFailed(mode: NetworkAction['mode'], host: string): TypeError {
  const cause = systemError(mode, host);
  return Object.assign(new TypeError('fetch failed', { cause }), { code: cause.code, errno: cause.errno });
}

/** What a body read rejects with when the connection drops mid-body (undici: "terminated"). */
export function terminated(): TypeError {
  const cause = Object.assign(new Error('other side closed'), {
    name: 'SocketError',
    code: 'UND_ERR_SOCKET',
  });
  return Object.assign(new TypeError('terminated', { cause }), { code: 'UND_ERR_SOCKET' });
}

/** How a client-side error classifies: by code and type, never by message. */
export type ErrorClass = 'reset' | 'refused' | 'dns' | 'socket' | 'timeout' | 'abort' | 'other';

/** Classifies an error a client saw, following `cause` chains. */
export function classifyError(error: unknown): ErrorClass {
  for (
    let e = error as { code?: unknown; name?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    switch (e.code) {
      case 'ECONNRESET':
      case 'EPIPE':
        return 'reset';
      case 'ECONNREFUSED':
        return 'refused';
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return 'dns';
      case 'UND_ERR_SOCKET':
      case 'UND_ERR_CLOSED':
        return 'socket';
      case 'UND_ERR_HEADERS_TIMEOUT':
      case 'UND_ERR_BODY_TIMEOUT':
      case 'UND_ERR_CONNECT_TIMEOUT':
        return 'timeout';
      case 'UND_ERR_ABORTED':
        return 'abort';
    }
    if (e.name === 'TimeoutError') return 'timeout';
    if (e.name === 'AbortError') return 'abort';
    e = e.cause as typeof e;
  }
  return 'other';
}
