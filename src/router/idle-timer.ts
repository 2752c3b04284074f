/**
 * A stream's idle timeout: one timer for the whole stream, re-armed for each wait instead of a
 * new setTimeout and a clearTimeout per chunk (timer bookkeeping was a visible share of a
 * stream's cost). Only a wait counts: while the consumer has the chunk (a slow client, a full
 * socket), a timer that lapses does nothing, and the next wait gets a full window again.
 */
export class IdleTimer {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #waiting = false;

  constructor(
    readonly ms: number,
    readonly onIdle: () => void,
  ) {}

  /** A wait begins: `onIdle` runs if it lasts `ms`. */
  start(): void {
    this.#waiting = true;
    if (!Number.isFinite(this.ms)) return;
    if (this.#timer === undefined) this.#timer = setTimeout(() => this.#lapse(), Math.max(0, this.ms));
    else this.#timer.refresh();
  }

  /** The wait is over (a chunk came, or the read failed). */
  stop(): void {
    this.#waiting = false;
  }

  /** The stream is over: no timer is left behind. */
  dispose(): void {
    this.#waiting = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #lapse(): void {
    if (this.#waiting) this.onIdle();
  }
}
