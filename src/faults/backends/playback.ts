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

/**
 * A body's chunks, each yielded after its delay; returns how the body ends. Pulled by the consumer,
 * so a chunk is handed over before the body breaks (a stream that errors drops what is still queued).
 * A hanging body waits until `signal` aborts; an abort (client gone, injector stopped) ends in `fail`.
 */
export async function* bodyChunks(
  action: RespondAction,
  signal: AbortSignal,
): AsyncGenerator<string, 'complete' | 'fail'> {
  for (const chunk of action.chunks) {
    if (!(await sleep(chunk.delayMs, signal))) return 'fail';
    if (chunk.data) yield chunk.data;
  }
  if (action.end === 'hang') await untilAborted(signal);
  return action.end === 'complete' ? 'complete' : 'fail';
}

/** Headers for a body sent in one piece, with its length (chunked encoding otherwise). */
export function withLength(action: RespondAction, body: string): Record<string, string> {
  return { ...action.headers, 'content-length': String(Buffer.byteLength(body)) };
}
