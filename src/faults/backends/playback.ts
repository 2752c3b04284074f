/** Timing shared by the backends that stream: cancellable waits and body playback. */
import type { RespondAction } from '../action.ts';

/** Waits `ms`; resolves false early if `signal` aborts (the client left or the injector stopped). */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves when `signal` aborts: how a hang ends. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Where a body goes: a ReadableStream controller, a Readable, a socket. */
export interface BodySink {
  write(data: string): void;
  end(): void;
  /** Break the body so the client's read fails. */
  fail(): void;
}

/**
 * Plays a body: each chunk after its delay, then the end the action asks for. A hanging body stays
 * open until `signal` aborts, then fails (a stopped injector must not leave a reader waiting).
 */
export async function playBody(action: RespondAction, sink: BodySink, signal: AbortSignal): Promise<void> {
  for (const chunk of action.chunks) {
    if (!(await sleep(chunk.delayMs, signal))) return sink.fail();
    if (chunk.data) sink.write(chunk.data);
  }
  if (action.end === 'complete') return sink.end();
  if (action.end === 'hang') await untilAborted(signal);
  sink.fail();
}

/** Headers for a body sent in one piece, with its length (chunked encoding otherwise). */
export function withLength(action: RespondAction, body: string): Record<string, string> {
  return { ...action.headers, 'content-length': String(Buffer.byteLength(body)) };
}
