/**
 * A child AbortSignal that follows its parents, with listeners removed on `dispose()`.
 * (Hand-linked rather than `AbortSignal.any` so a long-lived parent, such as a server's
 * shutdown signal, does not collect one listener per request.)
 *
 * The AbortSignal itself is made on first use of `signal`: creating one costs microseconds,
 * and a request's own LinkedAbort often needs none, because attempts link to it directly
 * (`new LinkedAbort([run])`) rather than through an event listener on its signal.
 */
export class LinkedAbort {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;
  /** LinkedAborts that follow this one directly. */
  #children: Set<LinkedAbort> | undefined;
  readonly #unlink: Array<() => void> = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(parents: Array<AbortSignal | LinkedAbort | undefined>) {
    for (const parent of parents) {
      if (!parent) continue;
      if (parent.aborted) {
        this.abort(parent.reason);
        break;
      }
      if (parent instanceof LinkedAbort) {
        parent.#children ??= new Set();
        parent.#children.add(this);
        this.#unlink.push(() => parent.#children?.delete(this));
        continue;
      }
      const onAbort = () => this.abort(parent.reason);
      parent.addEventListener('abort', onAbort, { once: true });
      this.#unlink.push(() => parent.removeEventListener('abort', onAbort));
    }
  }

  get controller(): AbortController {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  /** Aborts with `reason` after `ms` (replacing any previous timer). */
  abortAfter(ms: number, reason: () => unknown): void {
    this.clearTimer();
    if (!Number.isFinite(ms)) return;
    this.#timer = setTimeout(() => this.abort(reason()), Math.max(0, ms));
  }

  clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Aborts once (later calls are ignored, as with AbortController): children first, then the signal. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    // What AbortController.abort() gives for no reason.
    this.#reason =
      reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    if (this.#children) for (const child of this.#children) child.abort(this.#reason);
    this.#controller?.abort(this.#reason);
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
