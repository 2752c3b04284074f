import type { IncomingMessage, ServerResponse } from 'node:http';

/** Requests bigger than this are refused (413): a fault server has no business with large bodies. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

/** Reads a request body as text, refusing more than {@link MAX_BODY_BYTES}. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    // A client that goes away mid-body: node emits 'error' ("aborted") when a listener is there.
    req.once('error', reject);
    readBodyThen(req, (error, text) => (error ? reject(error) : resolve(text)));
  });
}

/**
 * {@link readBody} with a callback: no promise and no microtask per request, and two plain
 * listeners, as a bare server has. A client that goes away mid-body never calls back (nothing
 * was begun for it, so there is nothing to end); add an 'error' listener to hear of it.
 */
export function readBodyThen(
  req: IncomingMessage,
  done: (error: Error | undefined, text: string) => void,
): void {
  let first: Buffer | undefined;
  let rest: Buffer[] | undefined;
  let size = 0;
  let settled = false;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      req.off('data', onData);
      // Stop reading: the answer (413) goes out while the rest of the body is dropped.
      req.pause();
      settled = true;
      done(new BodyTooLargeError(`request body over ${MAX_BODY_BYTES} bytes`), '');
      return;
    }
    if (first === undefined) first = chunk;
    else if (rest === undefined) rest = [first, chunk];
    else rest.push(chunk);
  };
  req.on('data', onData);
  req.on('end', () => {
    if (settled) return;
    settled = true;
    done(undefined, rest ? Buffer.concat(rest).toString('utf8') : first ? first.toString('utf8') : '');
  });
}

/** Sends a JSON body with its length. */
export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  // Pretty, with a final newline: people read these with curl.
  const body = `${JSON.stringify(value, null, 2)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}
