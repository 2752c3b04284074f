/** Bytes read past `[DONE]` before the connection is given up on: a stream's tail is a few bytes. */
export const DRAIN_MAX_BYTES = 64 * 1024;
/** Time the body gets to end after `[DONE]`: a provider that holds it open loses the connection. */
export const DRAIN_MAX_MS = 1_000;

/**
 * Reads what is left of a body once its answer is complete (`[DONE]`), so the keep-alive
 * connection goes back to the pool instead of being destroyed (a destroyed body closes its
 * socket and the next request pays a new connection: bench:gateway profile).
 *
 * Resolves when the body has ended or after one turn of the event loop, whichever comes first:
 * an upstream that ends its body with `[DONE]` (the usual case: same packet) has its connection
 * free before the caller sees the end, and one that holds the body open never delays the caller.
 * The rest goes on in the background, bounded: past `maxBytes` or `maxMs`, `tearDown` destroys
 * the body and its socket. Never rejects: the answer was whole.
 */
export function drainAfterDone(
  body: AsyncIterator<Uint8Array>,
  tearDown: () => void,
  maxBytes = DRAIN_MAX_BYTES,
  maxMs = DRAIN_MAX_MS,
): Promise<void> {
  let state: 'reading' | 'ended' | 'torn-down' = 'reading';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const giveUp = () => {
    if (state !== 'reading') return;
    state = 'torn-down';
    clearTimeout(timer);
    try {
      tearDown();
    } catch {
      // Already destroyed.
    }
  };
  const drained = (async () => {
    let read = 0;
    try {
      for (;;) {
        const next = await body.next();
        if (state !== 'reading') return;
        if (next.done) {
          state = 'ended';
          clearTimeout(timer);
          return;
        }
        read += next.value.byteLength;
        if (read > maxBytes) return giveUp();
      }
    } catch {
      // The body broke after the answer was complete: make sure its socket is gone.
      giveUp();
    }
  })();
  return new Promise<void>((resolve) => {
    setImmediate(() => {
      // Still open after a turn: the time cap starts (only now, so a prompt end costs no timer).
      if (state === 'reading') {
        timer = setTimeout(giveUp, maxMs);
        timer.unref?.();
      }
      resolve();
    });
    void drained.then(resolve);
  });
}
