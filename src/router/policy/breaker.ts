import type { Clock } from '../types.ts';
import { RouterOptionsError } from '../usage-errors.ts';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Open after this many failures in a row (default 5). */
  consecutiveFailures?: number;
  /** Open when the failure rate over the window reaches this, in [0, 1] (default 0.5)... */
  failureRate?: number;
  /** ...over the calls of the last `windowMs` (default 10 s)... */
  windowMs?: number;
  /** ...once the window holds at least this many calls (default 10). */
  minimumCalls?: number;
  /** How long the breaker stays open before letting trials through (default 5 s). */
  openMs?: number;
  /** Trial requests let through at once while half-open (default 1). */
  halfOpenTrials?: number;
  /** `request`: real requests are the trials; `probe`: the provider's probe is, and requests wait for it. */
  halfOpenMode?: 'request' | 'probe';
}

export interface BreakerTransition {
  from: BreakerState;
  to: BreakerState;
  /** What triggered it, e.g. `5 consecutive failures`, `failure rate 0.60 >= 0.5`, `open for 5000 ms`. */
  reason: string;
}

/** What `tryAcquire` grants: a normal call, a half-open trial, or nothing. */
export type BreakerPermit = 'call' | 'trial' | undefined;

/** The most recent calls the failure rate looks at, at most. */
const WINDOW_CAP = 10_000;

/**
 * A per-provider circuit breaker: closed → open on consecutive failures or on the failure rate
 * over a sliding time window; open → half-open after `openMs`; half-open lets a bounded number of
 * trials through, closing on a success and reopening on a failure. An open breaker costs nothing:
 * `tryAcquire` is a couple of comparisons, so a skipped provider adds no latency.
 */
export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #consecutive = 0;
  #openedAt = 0;
  #trialsInFlight = 0;
  /**
   * Outcomes in the window, oldest first: a ring of call times and verdicts holding the last
   * WINDOW_CAP calls, with a running count of failures (O(1) per call, even at the cap).
   */
  readonly #times = new Float64Array(WINDOW_CAP);
  readonly #failed = new Uint8Array(WINDOW_CAP);
  #head = 0;
  #size = 0;
  #failures = 0;
  readonly #o: Required<BreakerOptions>;

  constructor(
    options: BreakerOptions,
    private readonly clock: Clock,
    private readonly onTransition: (t: BreakerTransition) => void,
  ) {
    this.#o = {
      consecutiveFailures: options.consecutiveFailures ?? 5,
      failureRate: options.failureRate ?? 0.5,
      windowMs: options.windowMs ?? 10_000,
      minimumCalls: options.minimumCalls ?? 10,
      openMs: options.openMs ?? 5_000,
      halfOpenTrials: options.halfOpenTrials ?? 1,
      halfOpenMode: options.halfOpenMode ?? 'request',
    };
    validateBreakerOptions(this.#o);
  }

  get state(): BreakerState {
    this.#maybeHalfOpen();
    return this.#state;
  }

  get halfOpenMode(): 'request' | 'probe' {
    return this.#o.halfOpenMode;
  }

  /** When an open breaker will let trials through (clock ms); undefined unless open. */
  get reopensAt(): number | undefined {
    return this.#state === 'open' ? this.#openedAt + this.#o.openMs : undefined;
  }

  /** Whether a request may go to this provider now (no side effect). */
  canAttempt(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    return this.#o.halfOpenMode === 'request' && this.#trialsInFlight < this.#o.halfOpenTrials;
  }

  /** Takes a permit for one call; a half-open trial must be settled by `success`, `failure` or `release`. */
  tryAcquire(): BreakerPermit {
    if (!this.canAttempt()) return undefined;
    if (this.#state === 'half-open') {
      this.#trialsInFlight++;
      return 'trial';
    }
    return 'call';
  }

  success(permit: BreakerPermit): void {
    this.#record(false);
    this.#consecutive = 0;
    if (permit === 'trial') this.#trialsInFlight = Math.max(0, this.#trialsInFlight - 1);
    if (this.#state === 'half-open') this.#transition('closed', 'trial succeeded');
  }

  failure(permit: BreakerPermit): void {
    this.#record(true);
    this.#consecutive++;
    if (permit === 'trial') this.#trialsInFlight = Math.max(0, this.#trialsInFlight - 1);
    if (this.#state === 'half-open') {
      this.#open('trial failed');
      return;
    }
    if (this.#state !== 'closed') return;
    if (this.#consecutive >= this.#o.consecutiveFailures) {
      this.#open(`${this.#consecutive} consecutive failures`);
      return;
    }
    const rate = this.#failureRate();
    if (rate !== undefined && rate >= this.#o.failureRate) {
      this.#open(`failure rate ${rate.toFixed(2)} >= ${this.#o.failureRate} over ${this.#o.windowMs} ms`);
    }
  }

  /** A trial that ended without a verdict (the caller aborted, a bad request): frees its slot. */
  release(permit: BreakerPermit): void {
    if (permit === 'trial') this.#trialsInFlight = Math.max(0, this.#trialsInFlight - 1);
  }

  /** The outcome of a half-open probe (probe mode). */
  probeResult(ok: boolean): void {
    if (this.#state !== 'half-open') return;
    if (ok) this.#transition('closed', 'probe succeeded');
    else this.#open('probe failed');
  }

  #failureRate(): number | undefined {
    const since = this.clock() - this.#o.windowMs;
    while (this.#size > 0 && (this.#times[this.#head] as number) < since) this.#dropOldest();
    if (this.#size < this.#o.minimumCalls) return undefined;
    return this.#failures / this.#size;
  }

  #record(failed: boolean): void {
    // Bound memory under heavy load: the rate only needs the window's calls.
    if (this.#size === WINDOW_CAP) this.#dropOldest();
    const i = (this.#head + this.#size) % WINDOW_CAP;
    this.#times[i] = this.clock();
    this.#failed[i] = failed ? 1 : 0;
    this.#size++;
    if (failed) this.#failures++;
  }

  #dropOldest(): void {
    if (this.#failed[this.#head] === 1) this.#failures--;
    this.#head = (this.#head + 1) % WINDOW_CAP;
    this.#size--;
  }

  #open(reason: string): void {
    this.#openedAt = this.clock();
    this.#trialsInFlight = 0;
    this.#transition('open', reason);
  }

  #maybeHalfOpen(): void {
    if (this.#state === 'open' && this.clock() - this.#openedAt >= this.#o.openMs) {
      this.#transition('half-open', `open for ${this.#o.openMs} ms`);
    }
  }

  #transition(to: BreakerState, reason: string): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    if (to === 'closed') {
      this.#consecutive = 0;
      this.#head = 0;
      this.#size = 0;
      this.#failures = 0;
      this.#trialsInFlight = 0;
    }
    this.onTransition({ from, to, reason });
  }
}

function validateBreakerOptions(o: Required<BreakerOptions>): void {
  const positiveInt = (value: number, field: string) => {
    if (!Number.isInteger(value) || value < 1) {
      throw new RouterOptionsError(`breaker.${field} must be a whole number of at least 1, got ${value}`);
    }
  };
  positiveInt(o.consecutiveFailures, 'consecutiveFailures');
  positiveInt(o.minimumCalls, 'minimumCalls');
  positiveInt(o.halfOpenTrials, 'halfOpenTrials');
  if (!(o.failureRate > 0 && o.failureRate <= 1)) {
    throw new RouterOptionsError(`breaker.failureRate must be in the range (0, 1], got ${o.failureRate}`);
  }
  if (!(o.windowMs > 0))
    throw new RouterOptionsError(`breaker.windowMs must be greater than 0, got ${o.windowMs}`);
  if (!(o.openMs >= 0)) throw new RouterOptionsError(`breaker.openMs must be 0 or more, got ${o.openMs}`);
}
