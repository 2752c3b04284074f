/** Renders an action onto a real socket: status and headers, timed bytes, RST, hang. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Action, bodyText, isBuffered } from '../action.ts';
import { bodyChunks, sleep, untilAborted, withLength } from '../backends/playback.ts';

/**
 * Plays `action` on `res`. `signal` aborts when the client goes away or the server stops; a body
 * that must break destroys the socket mid-body, so the client's read fails ("terminated").
 */
export async function renderToSocket(
  action: Action,
  req: IncomingMessage,
  res: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  switch (action.type) {
    case 'network':
      // `dns` never gets here: the matrix refuses it for this backend.
      if (action.mode === 'reset') req.socket.resetAndDestroy();
      else req.socket.destroy();
      return;
    case 'hang':
      await untilAborted(signal);
      res.destroy();
      return;
    case 'respond': {
      if (!(await sleep(action.delayMs, signal))) {
        res.destroy();
        return;
      }
      if (isBuffered(action)) {
        const body = bodyText(action);
        res.writeHead(action.status, withLength(action, body));
        res.end(body);
        return;
      }
      res.writeHead(action.status, action.headers);
      // Headers go out now, not with the first chunk: slow bodies must show a fast first byte.
      res.flushHeaders();
      const chunks = bodyChunks(action, signal);
      let next = await chunks.next();
      while (!next.done) {
        // Wait for each write to reach the socket, so a break comes after the bytes, not before.
        const data = next.value;
        await new Promise<void>((resolve) => res.write(data, () => resolve()));
        next = await chunks.next();
      }
      if (next.value === 'complete') res.end();
      else res.destroy();
    }
  }
}
