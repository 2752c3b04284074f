import type { AttemptRecord, ErrorClass } from './errors.ts';
import type { BreakerState } from './policy/breaker.ts';

/**
 * Everything the router does that an operator may want to log, count or alert on.
 * A tagged union: switch on `type`.
 */
export type RouterEvent =
  | { type: 'attempt'; requestId: string; attempt: AttemptRecord }
  | { type: 'retry'; requestId: string; provider: string; delayMs: number; reason: ErrorClass }
  | { type: 'failover'; requestId: string; from: string; to: string; reason: ErrorClass | 'circuit-open' }
  | { type: 'hedge'; requestId: string; provider: string; afterMs: number }
  | { type: 'breaker'; provider: string; from: BreakerState; to: BreakerState; reason: string }
  | { type: 'shed'; provider: string; retryAfterMs: number }
  | { type: 'probe'; provider: string; ok: boolean; ms: number };

export type RouterEventListener = (event: RouterEvent) => void;

/** A tiny synchronous fan-out; a throwing listener never breaks a request. */
export class RouterEvents {
  readonly #listeners = new Set<RouterEventListener>();

  subscribe(listener: RouterEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get active(): boolean {
    return this.#listeners.size > 0;
  }

  emit(event: RouterEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // Observability must not change routing.
      }
    }
  }
}
