import { ProviderError } from '../errors.ts';
import { RouterOptionsError } from '../usage-errors.ts';

export interface ConcurrencyOptions {
  /** Requests in flight to this provider at once. */
  maxInFlight: number;
  /** Requests waiting for a slot; beyond this, load is shed (default 0: shed at once). */
  maxQueue?: number;
}

/**
 * A per-provider concurrency limit with a bounded FIFO queue. When both are full, the request
 * is shed with a `rate-limited` error carrying `retryAfterMs` (an estimate from recent attempt
 * durations), so the router fails over or tells the caller when to come back.
 */
export class ConcurrencyLimiter {
  #inFlight = 0;
  readonly #queue: Array<{
    grant: () => void;
    reject: (e: unknown) => void;
    signal: AbortSignal;
    onAbort: () => void;
  }> = [];
  #avgMs = 1000;

  constructor(
    private readonly provider: string,
    private readonly options: ConcurrencyOptions,
  ) {
    if (!Number.isInteger(options.maxInFlight) || options.maxInFlight < 1) {
      throw new RouterOptionsError(
        `concurrency.maxInFlight must be a whole number of at least 1, got ${options.maxInFlight}`,
      );
    }
    const maxQueue = options.maxQueue ?? 0;
    if (!Number.isInteger(maxQueue) || maxQueue < 0) {
      throw new RouterOptionsError(
        `concurrency.maxQueue must be a whole number of 0 or more, got ${maxQueue}`,
      );
    }
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get queued(): number {
    return this.#queue.length;
  }

  /** Resolves when a slot is free; throws a shed `rate-limited` error when the queue is full too. */
  acquire(signal: AbortSignal): Promise<void> | undefined {
    if (this.#inFlight < this.options.maxInFlight) {
      this.#inFlight++;
      return undefined;
    }
    if (this.#queue.length >= (this.options.maxQueue ?? 0)) {
      const retryAfterMs = Math.ceil((this.#avgMs * (this.#queue.length + 1)) / this.options.maxInFlight);
      throw new ProviderError('rate-limited', `${this.provider} is saturated: load shed by the router`, {
        provider: this.provider,
        detail: 'shed',
        retryAfterMs,
      });
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        grant: () => {
          signal.removeEventListener('abort', entry.onAbort);
          resolve();
        },
        reject,
        signal,
        onAbort: () => {
          const index = this.#queue.indexOf(entry);
          if (index >= 0) this.#queue.splice(index, 1);
          reject(signal.reason);
        },
      };
      signal.addEventListener('abort', entry.onAbort, { once: true });
      this.#queue.push(entry);
    });
  }

  /** Frees a slot; `ms` (how long it was held) feeds the retry-after estimate. */
  release(ms?: number): void {
    if (ms !== undefined) this.#avgMs = this.#avgMs * 0.8 + ms * 0.2;
    const next = this.#queue.shift();
    if (next) next.grant();
    else this.#inFlight--;
  }
}
