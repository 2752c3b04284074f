/** Renders an action onto a real socket: status and headers, timed bytes, RST, hang. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Action, bodyText, isBuffered, type RespondAction } from '../action.ts';
import { bodyChunks, sleep, untilAborted, withLength } from '../backends/playback.ts';
import type { UpstreamEnd } from '../upstream-record.ts';
import type { AttemptTracker } from '../upstream-recorder.ts';

/**
 * Plays `action` on `res` and reports it on `attempt`. `signal` aborts when the client goes away or
 * the server stops (`abortedEnd` says which); a body that must break destroys the socket mid-body,
 * so the client's read fails ("terminated").
 */
export async function renderToSocket(
  action: Action,
  req: IncomingMessage,
  res: ServerResponse,
  signal: AbortSignal,
  attempt: AttemptTracker,
  abortedEnd: () => UpstreamEnd,
): Promise<void> {
  switch (action.type) {
    case 'network':
      // `dns` never gets here: the matrix refuses it for this backend.
      attempt.end('reset');
      if (action.mode === 'reset') req.socket.resetAndDestroy();
      else req.socket.destroy();
      return;
    case 'hang':
      await untilAborted(signal);
      attempt.end(abortedEnd());
      res.destroy();
      return;
    case 'respond': {
      if (!(await sleep(action.delayMs, signal))) {
        attempt.end(abortedEnd());
        res.destroy();
        return;
      }
      if (isBuffered(action)) return sendWhole(action, res, attempt);
      attempt.headers();
      res.writeHead(action.status, action.headers);
      // Headers go out now, not with the first chunk: slow bodies must show a fast first byte.
      res.flushHeaders();
      const chunks = bodyChunks(action, signal);
      let next = await chunks.next();
      while (!next.done) {
        // Wait for each write to reach the socket, so a break comes after the bytes, not before.
        const data = next.value;
        attempt.chunk(data);
        await new Promise<void>((resolve) => res.write(data, () => resolve()));
        next = await chunks.next();
      }
      if (next.value === 'complete') {
        attempt.end('complete');
        res.end();
      } else {
        attempt.end(signal.aborted ? abortedEnd() : 'reset');
        res.destroy();
      }
    }
  }
}

/**
 * Sends a body that goes out in one piece and ends cleanly, with its length. The caller's 'close'
 * listener ends the attempt, unless `endOnFinish` (a client that closes before the end gets
 * 'client-closed' from that listener first).
 */
export function sendWhole(
  action: RespondAction,
  res: ServerResponse,
  attempt: AttemptTracker,
  endOnFinish = true,
): void {
  attempt.headers();
  const body = bodyText(action);
  res.writeHead(action.status, withLength(action, body));
  attempt.wrote(action.chunks);
  res.end(body);
  if (endOnFinish) res.once('finish', () => attempt.end('complete'));
}

/**
 * Sends a healthy answer from the cache in one piece: its body and size are known, so there is
 * nothing to join or measure. The caller's 'close' listener ends the attempt.
 */
export function sendCached(
  action: RespondAction,
  whole: { body: string; bytes: number; count: number },
  res: ServerResponse,
  attempt: AttemptTracker,
): void {
  attempt.headers();
  // The headers object is this request's own (built per request): adding the length is safe.
  action.headers['content-length'] = String(whole.bytes);
  res.writeHead(action.status, action.headers);
  attempt.wroteCounted(whole.count, whole.bytes);
  // As many bytes as characters: all ASCII, whose UTF-8 is its Latin-1. Latin-1 is a plain copy
  // where UTF-8 encoding checks every character (a kilobyte of answer and headers per request).
  res.end(whole.body, whole.bytes === whole.body.length ? 'latin1' : 'utf8');
}
