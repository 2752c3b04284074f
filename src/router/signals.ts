/**
 * A child AbortSignal that follows its parents, with listeners removed on `dispose()`.
 * (Hand-linked rather than `AbortSignal.any` so a long-lived parent, such as a server's
 * shutdown signal, does not collect one listener per request.)
 */
export class LinkedAbort {
  readonly controller = new AbortController();
  readonly #unlink: Array<() => void> = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(parents: Array<AbortSignal | undefined>) {
    for (const parent of parents) {
      if (!parent) continue;
      if (parent.aborted) {
        this.controller.abort(parent.reason);
        break;
      }
      const onAbort = () => this.controller.abort(parent.reason);
      parent.addEventListener('abort', onAbort, { once: true });
      this.#unlink.push(() => parent.removeEventListener('abort', onAbort));
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Aborts with `reason` after `ms` (replacing any previous timer). */
  abortAfter(ms: number, reason: () => unknown): void {
    this.clearTimer();
    if (!Number.isFinite(ms)) return;
    this.#timer = setTimeout(() => this.controller.abort(reason()), Math.max(0, ms));
  }

  clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  abort(reason: unknown): void {
    this.controller.abort(reason);
  }

  dispose(): void {
    this.clearTimer();
    for (const unlink of this.#unlink.splice(0)) unlink();
  }
}

/** Sleeps `ms`, or rejects with the signal's reason as soon as it aborts; leaves no timer behind. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Why the router aborted an attempt or a request: read back from `signal.reason`. */
export class AbortReason extends Error {
  override readonly name = 'AbortReason';
  constructor(
    readonly kind: 'attempt-timeout' | 'idle-timeout' | 'deadline' | 'hedge-lost' | 'done',
    message: string,
  ) {
    super(message);
  }
}
