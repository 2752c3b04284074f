/**
 * What undici's `request()` accepts as a signal: `aborted`, `reason` and an `abort` listener.
 * A LinkedAbort is one, without the cost of a Node AbortSignal (microseconds to create and to
 * listen on, per request).
 */
export interface AbortHandle {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * The key under which a provider call context or a transport request may carry an
 * `AbortHandle` for its `signal`: a transport that can use it (undiciTransport) never reads
 * `signal`, so the AbortSignal is not made.
 */
export const ABORT_HANDLE: unique symbol = Symbol('brownout.abortHandle');

/** The `AbortHandle` a context or transport request carries, if any. */
export function abortHandleOf(carrier: object): AbortHandle | undefined {
  return (carrier as { [ABORT_HANDLE]?: AbortHandle })[ABORT_HANDLE];
}

/**
 * A child AbortSignal that follows its parents, with listeners removed on `dispose()`.
 * (Hand-linked rather than `AbortSignal.any` so a long-lived parent, such as a server's
 * shutdown signal, does not collect one listener per request.)
 *
 * The AbortSignal itself is made on first use of `signal`: creating one costs microseconds,
 * and a request's own LinkedAbort often needs none, because attempts link to it directly
 * (`new LinkedAbort([run])`) rather than through an event listener on its signal.
 */
export class LinkedAbort implements AbortHandle {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;
  /** LinkedAborts that follow this one directly. */
  #children: Set<LinkedAbort> | undefined;
  /** `abort` listeners added through the AbortHandle interface. */
  #listeners: Array<() => void> | undefined;
  readonly #unlink: Array<() => void> = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(parents: Array<AbortSignal | AbortHandle | undefined>) {
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

  /** An `abort` listener, called once (AbortHandle: what undici's `request()` listens with). */
  addEventListener(type: 'abort', listener: () => void): void {
    if (type !== 'abort' || this.#aborted) return;
    this.#listeners ??= [];
    this.#listeners.push(listener);
  }

  removeEventListener(type: 'abort', listener: () => void): void {
    if (type !== 'abort' || !this.#listeners) return;
    const index = this.#listeners.indexOf(listener);
    if (index >= 0) this.#listeners.splice(index, 1);
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

  /** Aborts once (later calls are ignored, as with AbortController): children, listeners, then the signal. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    // What AbortController.abort() gives for no reason.
    this.#reason =
      reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    if (this.#children) for (const child of this.#children) child.abort(this.#reason);
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners) {
      for (const listener of listeners) {
        try {
          listener();
        } catch (error) {
          // As an EventTarget does: report it, and still abort.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    }
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

/**
 * Settles with `work`, or rejects with the handle's reason as soon as it aborts, whichever is
 * first. The router does not trust a provider to honour its signal: a timeout, the deadline or
 * the caller's abort ends the wait even if the work below ignores it.
 */
export function raceAbort<T>(work: Promise<T>, handle: AbortHandle): Promise<T> {
  if (handle.aborted) {
    work.catch(() => {});
    return Promise.reject(handle.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => {});
      reject(handle.reason);
    };
    handle.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        handle.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        handle.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
