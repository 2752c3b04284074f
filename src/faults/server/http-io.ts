import type { IncomingMessage, ServerResponse } from 'node:http';

/** Requests bigger than this are refused (413): a fault server has no business with large bodies. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

/** Reads a request body as text, refusing more than {@link MAX_BODY_BYTES}. */
export function readBody(req: IncomingMessage): Promise<string> {
  // Listeners, not `for await`: an async iterator per request costs more than the body it reads.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        // Stop reading: the answer (413) goes out while the rest of the body is dropped.
        req.pause();
        reject(new BodyTooLargeError(`request body over ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () =>
      resolve(
        chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'),
      ),
    );
    req.once('error', reject);
    // A client that goes away mid-body: the body never ends.
    req.once('aborted', () => reject(new Error('request aborted')));
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
