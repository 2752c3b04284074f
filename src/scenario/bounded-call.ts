/**
 * The runner's own bound on a system's call. A system is asked to stop through the signal it is
 * given, but one that ignores it (an SDK sleeping out a retry backoff, a stream whose reader never
 * sees the abort) would hold the runner forever. These wrappers let the system end the call itself
 * for a short grace after the abort (so its own error is what gets recorded), then give up on it:
 * a request that overruns is recorded as timed out rather than holding the run.
 */

/** How long a system gets to end its call by itself once its signal aborted. */
export const ABORT_GRACE_MS = 2_000;

/** Thrown when the system did not end its call within the grace after its signal aborted. */
export class IgnoredAbortError extends Error {
  readonly code = 'aborted';
  constructor(graceMs: number) {
    super(`the system did not end the call within ${graceMs} ms of its abort signal`);
  }
}

/** Rejects `graceMs` after the signal aborts; `settled` removes the listener and the timer. */
function abandonment(signal: AbortSignal, graceMs: number): { promise: Promise<never>; settled: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => {
      timer = setTimeout(() => reject(new IgnoredAbortError(graceMs)), graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return {
    promise,
    settled: () => {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(timer);
    },
  };
}

/** `call`, or an {@link IgnoredAbortError} once the signal aborted and the grace ran out. */
export async function boundedCall<T>(
  call: Promise<T>,
  signal: AbortSignal,
  graceMs = ABORT_GRACE_MS,
): Promise<T> {
  const abandoned = abandonment(signal, graceMs);
  // The system may still reject after it was given up on: nobody waits for that rejection.
  call.catch(() => {});
  try {
    return await Promise.race([call, abandoned.promise]);
  } finally {
    abandoned.settled();
  }
}

/**
 * The stream's chunks, each awaited under {@link boundedCall}. When the reader stops early (a
 * break, an error, the bound) the system's iterator is asked to return, without waiting for it:
 * a stuck one may never answer.
 */
export async function* boundedStream<T>(
  stream: AsyncIterable<T>,
  signal: AbortSignal,
  graceMs = ABORT_GRACE_MS,
): AsyncGenerator<T> {
  const iterator = stream[Symbol.asyncIterator]();
  let finished = false;
  try {
    while (true) {
      const next = await boundedCall(iterator.next(), signal, graceMs);
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!finished) void Promise.resolve(iterator.return?.()).catch(() => {});
  }
}
