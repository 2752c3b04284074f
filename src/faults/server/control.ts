/**
 * The control API: `GET|PUT|POST|DELETE /__brownout/faults`, `GET /__brownout/stats`,
 * `GET|DELETE /__brownout/upstream`, `POST /__brownout/reset`. A bad fault is a 400 with the
 * validation message; the previous faults stay.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../backends/injector.ts';
import { isFaultValidationError, isUnsupportedFaultError } from '../errors.ts';
import { UPSTREAM_RECORD_CAP } from '../upstream-record.ts';
import { readBody, sendJson } from './http-io.ts';

/** Attempts per page of `GET /__brownout/upstream` unless `limit` says otherwise. */
export const UPSTREAM_PAGE_DEFAULT = 1000;

type Control = Pick<
  FaultInjector,
  'setFaults' | 'getFaults' | 'stats' | 'reset' | 'upstream' | 'clearUpstream'
>;

const ALLOW: Record<string, string[]> = {
  '/faults': ['GET', 'PUT', 'POST', 'DELETE'],
  '/stats': ['GET'],
  '/reset': ['POST'],
  '/upstream': ['GET', 'DELETE'],
};

function badRequest(res: ServerResponse, code: string, message: string, issues?: unknown): void {
  sendJson(res, 400, { error: { code, message, ...(issues ? { issues } : {}) } });
}

async function readJson(req: IncomingMessage, res: ServerResponse): Promise<{ value: unknown } | undefined> {
  const text = await readBody(req);
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    badRequest(res, 'BROWNOUT_BAD_JSON', `the body is not JSON: ${(error as Error).message}`);
    return undefined;
  }
}

/** Installs faults, answering 400 (and keeping the old ones) when they do not validate. */
function install(control: Control, res: ServerResponse, faults: unknown[]): void {
  try {
    sendJson(res, 200, control.setFaults(faults));
  } catch (error) {
    if (isFaultValidationError(error)) badRequest(res, error.code, error.message, error.issues);
    else if (isUnsupportedFaultError(error)) badRequest(res, error.code, error.message);
    else throw error;
  }
}

/** The upstream record, a page at a time (`?after=<seq>&limit=<n>`), as JSON or NDJSON. */
function serveUpstream(req: IncomingMessage, res: ServerResponse, control: Control) {
  if (req.method === 'DELETE') {
    control.clearUpstream();
    return sendJson(res, 200, control.upstream({ limit: 0 }));
  }
  const query = new URL(req.url ?? '/', 'http://fault-server').searchParams;
  const after = readCount(query, 'after', 0);
  const limit = readCount(query, 'limit', UPSTREAM_PAGE_DEFAULT);
  if (typeof after === 'string') return badRequest(res, 'BROWNOUT_BAD_QUERY', after);
  if (typeof limit === 'string') return badRequest(res, 'BROWNOUT_BAD_QUERY', limit);
  const page = control.upstream({ after, limit: Math.min(limit, UPSTREAM_RECORD_CAP) });
  if (!/application\/x-ndjson/.test(req.headers.accept ?? '')) return sendJson(res, 200, page);
  // One attempt a line, then a last line with what a page adds (dropped, next).
  const lines = page.attempts.map((attempt) => JSON.stringify(attempt));
  lines.push(
    JSON.stringify({ dropped: page.dropped, ...(page.next === undefined ? {} : { next: page.next }) }),
  );
  const body = `${lines.join('\n')}\n`;
  res.writeHead(200, {
    'content-type': 'application/x-ndjson; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/** A non-negative integer query parameter, its default when absent, or the error message. */
function readCount(query: URLSearchParams, name: string, fallback: number): number | string {
  const text = query.get(name);
  if (text === null || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    return `${name}: must be an integer >= 0, got ${JSON.stringify(text)}`;
  return value;
}

/** Serves one control request; `path` is below `/__brownout`. */
export async function handleControl(
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  control: Control,
): Promise<void> {
  const allowed = ALLOW[path];
  const method = req.method ?? 'GET';
  if (!allowed) {
    return sendJson(res, 404, {
      error: {
        code: 'BROWNOUT_NOT_FOUND',
        message: `no control endpoint ${path}; try /faults, /stats, /upstream, /reset`,
      },
    });
  }
  if (!allowed.includes(method)) {
    return sendJson(
      res,
      405,
      {
        error: {
          code: 'BROWNOUT_METHOD',
          message: `${method} is not allowed here; use ${allowed.join(', ')}`,
        },
      },
      { allow: allowed.join(', ') },
    );
  }
  if (path === '/stats') return sendJson(res, 200, control.stats());
  if (path === '/upstream') return serveUpstream(req, res, control);
  if (path === '/reset') {
    control.reset();
    return sendJson(res, 200, control.stats());
  }
  if (method === 'GET') return sendJson(res, 200, control.getFaults());
  if (method === 'DELETE') return sendJson(res, 200, control.setFaults([]));
  const body = await readJson(req, res);
  if (!body) return;
  if (method === 'PUT') {
    if (!Array.isArray(body.value)) {
      return badRequest(
        res,
        'BROWNOUT_FAULT_INVALID',
        'faults: must be an array of faults (PUT replaces the list; POST adds one)',
      );
    }
    return install(control, res, body.value);
  }
  // POST adds one fault, or several, after the current ones.
  const added = Array.isArray(body.value) ? body.value : [body.value];
  install(control, res, [...control.getFaults(), ...added]);
}
