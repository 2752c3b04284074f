import { classifyThrown } from './classify.ts';
import {
  type AttemptRecord,
  type ErrorClass,
  ProviderError,
  RouterError,
  type RouterErrorCode,
} from './errors.ts';
import type { RouterEvents } from './events.ts';
import type { ResolvedRouterOptions } from './options.ts';
import { retryDelayMs } from './policy/backoff.ts';
import type { BreakerPermit, CircuitBreaker } from './policy/breaker.ts';
import type { ConcurrencyLimiter } from './policy/concurrency.ts';
import { BREAKER_NEUTRAL } from './policy/error-policy.ts';
import type { Provider, ProviderCallContext } from './providers/provider.ts';
import { ABORT_HANDLE, AbortReason, LinkedAbort, raceAbort, sleep } from './signals.ts';
import type { Transport } from './transport/transport.ts';

/** A provider with the router-wide state that outlives one request. */
export interface ProviderSlot {
  provider: Provider;
  breaker: CircuitBreaker | undefined;
  limiter: ConcurrencyLimiter | undefined;
  /**
   * Clock ms before which no request may call this provider: set router-wide by a 429's
   * Retry-After, so one rate limit is honoured by every request, not only the one that saw it.
   */
  cooldownUntil: number;
  /** The error class that set the cooldown. */
  cooldownCode?: ErrorClass;
}

/** What a request run needs from its router. */
export interface RouterCore {
  options: ResolvedRouterOptions;
  slots: ProviderSlot[];
  transport: Transport;
  events: RouterEvents;
  /** Starts a half-open probe for a breaker in probe mode (at most one at a time). */
  requestProbe(slot: ProviderSlot): void;
}

/** Which route served a request. */
export interface Route {
  provider: string;
  attempts: AttemptRecord[];
  /** ms from the request's start until the serving attempt began (0 when the primary served at once). */
  failoverMs: number;
  /** ms from the request's start until the answer (chat) or the first chunk (stream). */
  latencyMs: number;
  /** Providers passed over without an attempt, and why. */
  skipped: Array<{ provider: string; reason: 'circuit-open' }>;
}

/** An attempt in flight. */
interface Running<T> {
  slot: ProviderSlot;
  record: AttemptRecord;
  abort: LinkedAbort;
  settled: Promise<Settled<T>>;
  /** Set once the attempt has been recorded (a cancelled loser is recorded when cancelled). */
  done: boolean;
}

type Settled<T> =
  | { ok: true; running: Running<T>; value: T }
  | { ok: false; running: Running<T>; error: ProviderError }
  | { ok: false; running: Running<T>; fatal: RouterError };

/** Per request, per provider bookkeeping for the planner. */
interface Tries {
  count: number;
  exhausted: boolean;
  notBefore: number;
  lastError?: ProviderError;
}

/** What an attempt does once it holds its permits: a completion, or the first chunk of a stream. */
export type AttemptBody<T> = (slot: ProviderSlot, ctx: ProviderCallContext, abort: LinkedAbort) => Promise<T>;

/** The outcome handed back to `chat()` or `stream()`. */
export interface Served<T> {
  value: T;
  route: Route;
  slot: ProviderSlot;
  /** The serving attempt's abort handle (a stream keeps it for its idle timeouts). */
  abort: LinkedAbort;
  /** Releases the serving attempt's concurrency slot (streams release when they end). */
  release: () => void;
}

let requestCounter = 0;
const EMPTY: ReadonlySet<ProviderSlot> = new Set();

/**
 * An attempt's provider call context. Its AbortSignal is made only if something reads
 * `signal`; transports that take the attempt's LinkedAbort as an `AbortHandle` (undici) do not.
 */
class AttemptContext implements ProviderCallContext {
  readonly [ABORT_HANDLE]: LinkedAbort;
  constructor(
    abort: LinkedAbort,
    readonly transport: Transport,
  ) {
    this[ABORT_HANDLE] = abort;
  }

  get signal(): AbortSignal {
    return this[ABORT_HANDLE].signal;
  }
}

/**
 * One request's life: plan which provider to try next, run attempts (with timeouts, retries,
 * failover and hedges), and either hand back the first success or fail with a typed reason.
 */
export class RequestRun<T> {
  readonly id = `req-${(++requestCounter).toString(36)}`;
  readonly #core: RouterCore;
  readonly #o: ResolvedRouterOptions;
  readonly #t0: number;
  readonly #deadline: LinkedAbort;
  readonly #attempts: AttemptRecord[] = [];
  readonly #skipped: Route['skipped'] = [];
  readonly #tries = new Map<ProviderSlot, Tries>();
  readonly #body: AttemptBody<T>;
  /** Streams keep the limiter slot of the serving attempt until they end. */
  readonly #holdSlotOnSuccess: boolean;

  constructor(
    core: RouterCore,
    body: AttemptBody<T>,
    signal: AbortSignal | undefined,
    holdSlotOnSuccess: boolean,
  ) {
    this.#core = core;
    this.#o = core.options;
    this.#body = body;
    this.#holdSlotOnSuccess = holdSlotOnSuccess;
    this.#t0 = this.#o.clock();
    this.#deadline = new LinkedAbort([signal]);
    this.#deadline.abortAfter(this.#o.deadlineMs, () => new AbortReason('deadline', 'deadline exceeded'));
    for (const slot of core.slots) this.#tries.set(slot, { count: 0, exhausted: false, notBefore: 0 });
  }

  /** The request's own signal: the caller's, plus the deadline. */
  get signal(): AbortSignal {
    return this.#deadline.signal;
  }

  get attempts(): AttemptRecord[] {
    return this.#attempts;
  }

  /** Stops the deadline timer (a stream that has started is governed by its idle timeout). */
  stopDeadline(): void {
    this.#deadline.clearTimer();
  }

  dispose(): void {
    this.#deadline.dispose();
  }

  #now(): number {
    return this.#o.clock() - this.#t0;
  }

  async execute(): Promise<Served<T>> {
    const inflight = new Set<Running<T>>();
    let lastFailure: ProviderError | undefined;
    try {
      for (;;) {
        if (inflight.size === 0) {
          // The common case needs no wait: plan synchronously, fall back to the async planner.
          const next = this.#pickReady(lastFailure) ?? (await this.#planNext(lastFailure));
          inflight.add(this.#start(next.slot, next.permit, false));
        }
        const hedge = this.#hedgeTimer(inflight);
        // One attempt and no hedge (the usual case): await it directly, no race to build.
        const settled =
          inflight.size === 1 && !hedge
            ? await (inflight.values().next().value as Running<T>).settled
            : await Promise.race([...[...inflight].map((r) => r.settled), ...(hedge ? [hedge.fired] : [])]);
        hedge?.cancel();

        if (settled === 'hedge') {
          const next = this.#pickUntried(new Set([...inflight].map((r) => r.slot)));
          if (next) {
            this.#core.events.emit({
              type: 'hedge',
              requestId: this.id,
              provider: next.slot.provider.name,
              afterMs: this.#o.hedge?.delayMs ?? 0,
            });
            inflight.add(this.#start(next.slot, next.permit, true));
          } else {
            this.#hedgesExhausted = true;
          }
          continue;
        }

        inflight.delete(settled.running);
        if (settled.ok) {
          this.#cancelAll(inflight);
          const { running } = settled;
          return {
            value: settled.value,
            slot: running.slot,
            abort: running.abort,
            release: () => running.slot.limiter?.release(this.#o.clock() - this.#t0 - running.record.startMs),
            route: {
              provider: running.slot.provider.name,
              attempts: this.#attempts,
              failoverMs: running.record.startMs,
              latencyMs: this.#now(),
              skipped: this.#skipped,
            },
          };
        }
        if ('fatal' in settled) {
          this.#cancelAll(inflight);
          throw settled.fatal;
        }
        lastFailure = settled.error;
        const action = this.#o.errorPolicy[settled.error.code];
        if (action === 'stop') {
          this.#cancelAll(inflight);
          throw this.#fail(
            settled.error.code === 'bad-request' ? 'bad-request' : 'all-providers-failed',
            settled.error.message,
            settled.error,
          );
        }
        this.#schedule(settled.running.slot, settled.error, action === 'retry');
      }
    } catch (error) {
      this.#cancelAll(inflight);
      throw error;
    }
  }

  #hedgesExhausted = false;

  /** After `hedge.delayMs` without an answer, fire once more at the next healthy provider. */
  #hedgeTimer(inflight: Set<Running<T>>): { fired: Promise<'hedge'>; cancel: () => void } | undefined {
    const hedge = this.#o.hedge;
    if (!hedge || this.#hedgesExhausted || inflight.size === 0 || inflight.size > hedge.maxHedges)
      return undefined;
    const newest = Math.max(...[...inflight].map((r) => r.record.startMs));
    const waitMs = Math.max(0, newest + hedge.delayMs - this.#now());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fired = new Promise<'hedge'>((resolve) => {
      timer = setTimeout(() => resolve('hedge'), waitMs);
    });
    return { fired, cancel: () => clearTimeout(timer) };
  }

  /** Marks a failed provider for a retry after backoff (or its Retry-After), or as done for this request. */
  #schedule(slot: ProviderSlot, error: ProviderError, retry: boolean): void {
    const tries = this.#tries.get(slot) as Tries;
    tries.lastError = error;
    if (!retry || tries.count > this.#o.maxRetries) {
      tries.exhausted = true;
      return;
    }
    const delay = retryDelayMs(tries.count, error.retryAfterMs, this.#o.backoff, this.#o.random);
    tries.notBefore = this.#now() + delay;
  }

  /** The first provider, in priority order, not tried yet in this request and whose breaker lets it through. */
  #pickUntried(busy: ReadonlySet<ProviderSlot>): { slot: ProviderSlot; permit: BreakerPermit } | undefined {
    for (const slot of this.#core.slots) {
      const tries = this.#tries.get(slot) as Tries;
      if (tries.count > 0 || tries.exhausted || busy.has(slot)) continue;
      if (slot.cooldownUntil > this.#o.clock()) continue;
      const permit = this.#permit(slot);
      if (permit) return { slot, permit };
    }
    return undefined;
  }

  #permit(slot: ProviderSlot): BreakerPermit {
    const breaker = slot.breaker;
    if (!breaker) return 'call';
    const permit = breaker.tryAcquire();
    if (permit) return permit;
    if (breaker.state === 'half-open' && breaker.halfOpenMode === 'probe') this.#core.requestProbe(slot);
    const name = slot.provider.name;
    if (!this.#skipped.some((s) => s.provider === name))
      this.#skipped.push({ provider: name, reason: 'circuit-open' });
    return undefined;
  }

  /** The planner's no-wait answer: a healthy provider not tried yet, within the attempt budget. */
  #pickReady(
    lastFailure: ProviderError | undefined,
  ): { slot: ProviderSlot; permit: BreakerPermit } | undefined {
    if (this.#attempts.length >= this.#o.maxAttempts) return undefined;
    const untried = this.#pickUntried(EMPTY);
    if (untried && lastFailure) this.#emitFailover(lastFailure, untried.slot);
    return untried;
  }

  /**
   * The planner. A healthy provider not yet tried goes first, at once: a fallback is never kept
   * waiting behind a primary's backoff. Otherwise the retry that is due soonest, after sleeping
   * until it is due; but if that wait would pass the deadline, fail now with the reason.
   */
  async #planNext(
    lastFailure: ProviderError | undefined,
  ): Promise<{ slot: ProviderSlot; permit: BreakerPermit }> {
    for (;;) {
      if (this.#attempts.length >= this.#o.maxAttempts) {
        throw this.#exhausted(
          lastFailure,
          `gave up after ${this.#attempts.length} attempts (retry.maxAttempts)`,
        );
      }
      const untried = this.#pickUntried(EMPTY);
      if (untried) {
        if (lastFailure) this.#emitFailover(lastFailure, untried.slot);
        return untried;
      }
      let due: { slot: ProviderSlot; tries: Tries; readyAt: number } | undefined;
      for (const slot of this.#core.slots) {
        const tries = this.#tries.get(slot) as Tries;
        if (tries.exhausted) continue;
        if (slot.breaker && !slot.breaker.canAttempt()) continue;
        const cooldown = slot.cooldownUntil - this.#t0;
        if (tries.count === 0 && cooldown <= this.#now()) continue;
        const readyAt = Math.max(tries.notBefore, cooldown);
        if (!due || readyAt < due.readyAt) due = { slot, tries, readyAt };
      }
      if (!due) throw this.#exhausted(lastFailure, 'no provider left to try');
      const waitMs = Math.max(0, due.readyAt - this.#now());
      const leftMs = this.#o.deadlineMs - this.#now();
      if (waitMs >= leftMs) {
        const error = due.tries.lastError;
        const cooling = due.slot.cooldownUntil - this.#t0 > this.#now();
        const code = error?.code ?? (cooling ? due.slot.cooldownCode : undefined);
        if (code === 'rate-limited' || this.#allRateLimited()) {
          throw this.#fail(
            'rate-limited',
            `every provider is rate-limited; the next could be retried in ${Math.round(waitMs)} ms, after the deadline`,
            error,
            waitMs,
          );
        }
        throw this.#fail(
          'deadline-exceeded',
          `the next retry (in ${Math.round(waitMs)} ms) would pass the ${this.#o.deadlineMs} ms deadline`,
          error,
        );
      }
      if (waitMs > 0) {
        this.#core.events.emit({
          type: 'retry',
          requestId: this.id,
          provider: due.slot.provider.name,
          delayMs: waitMs,
          reason: due.tries.lastError?.code ?? 'unavailable',
        });
        try {
          await sleep(waitMs, this.signal);
        } catch {
          throw this.#abortError(this.signal.reason, lastFailure);
        }
        // Plan again: while we slept, another request may have learnt of a new cooldown.
        continue;
      }
      const permit = this.#permit(due.slot);
      if (permit) {
        if (lastFailure && lastFailure.provider !== due.slot.provider.name)
          this.#emitFailover(lastFailure, due.slot);
        return { slot: due.slot, permit };
      }
      // The breaker opened while we slept: plan again.
    }
  }

  #emitFailover(error: ProviderError, to: ProviderSlot): void {
    if (error.provider === to.provider.name) return;
    this.#core.events.emit({
      type: 'failover',
      requestId: this.id,
      from: error.provider,
      to: to.provider.name,
      reason: error.code,
    });
  }

  #allRateLimited(): boolean {
    const errors = [...this.#tries.values()].map((t) => t.lastError).filter((e) => e !== undefined);
    return errors.length > 0 && errors.every((e) => e.code === 'rate-limited');
  }

  /** The error when no provider is left: the most useful code for the caller. */
  #exhausted(lastFailure: ProviderError | undefined, why: string): RouterError {
    if (this.#attempts.length === 0 && this.#skipped.length > 0) {
      const reopen = this.#core.slots
        .map((s) => s.breaker?.reopensAt)
        .filter((t): t is number => t !== undefined)
        .map((t) => Math.max(0, t - this.#o.clock()));
      return this.#fail(
        'no-provider-available',
        `every provider's circuit breaker is open (${this.#skipped.map((s) => s.provider).join(', ')})`,
        undefined,
        reopen.length > 0 ? Math.min(...reopen) : undefined,
      );
    }
    if (this.#allRateLimited()) {
      const waits = [...this.#tries.values()]
        .map((t) => t.lastError?.retryAfterMs)
        .filter((w): w is number => w !== undefined);
      return this.#fail(
        'rate-limited',
        `every provider is rate-limited (${why})`,
        lastFailure,
        waits.length > 0 ? Math.min(...waits) : undefined,
      );
    }
    const reasons = this.#core.slots
      .map((s) => {
        const tries = this.#tries.get(s) as Tries;
        if (tries.lastError) return `${s.provider.name}: ${tries.lastError.code}`;
        if (this.#skipped.some((k) => k.provider === s.provider.name))
          return `${s.provider.name}: circuit-open`;
        return undefined;
      })
      .filter(Boolean)
      .join(', ');
    return this.#fail(
      'all-providers-failed',
      `no provider could serve the request (${reasons}); ${why}`,
      lastFailure,
    );
  }

  #fail(code: RouterErrorCode, message: string, cause?: unknown, retryAfterMs?: number): RouterError {
    return new RouterError(code, message, {
      attempts: this.#attempts,
      ...(cause === undefined ? {} : { cause }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs: Math.ceil(retryAfterMs) }),
    });
  }

  /** Turns an abort of the request (deadline, caller) into the RouterError the caller sees. */
  #abortError(reason: unknown, lastFailure: ProviderError | undefined): RouterError {
    if (reason instanceof AbortReason && reason.kind === 'deadline') {
      const last = lastFailure ? ` (last failure: ${lastFailure.provider} ${lastFailure.code})` : '';
      return this.#fail(
        'deadline-exceeded',
        `no answer within the ${this.#o.deadlineMs} ms deadline${last}`,
        lastFailure,
      );
    }
    return this.#fail('aborted', 'the caller aborted the request', reason);
  }

  #cancelAll(inflight: Set<Running<T>>): void {
    for (const running of inflight) {
      if (!running.done) {
        running.done = true;
        running.record.outcome = 'cancelled';
        running.record.ms = this.#now() - running.record.startMs;
        this.#emitAttempt(running.record);
      }
      running.abort.abort(new AbortReason('hedge-lost', 'another attempt answered first'));
    }
    inflight.clear();
  }

  #emitAttempt(record: AttemptRecord): void {
    this.#core.events.emit({ type: 'attempt', requestId: this.id, attempt: record });
  }

  #start(slot: ProviderSlot, permit: BreakerPermit, hedge: boolean): Running<T> {
    const tries = this.#tries.get(slot) as Tries;
    tries.count++;
    const record: AttemptRecord = {
      provider: slot.provider.name,
      outcome: 'ok',
      startMs: this.#now(),
      ms: 0,
    };
    if (hedge) record.hedge = true;
    this.#attempts.push(record);
    const abort = new LinkedAbort([this.#deadline]);
    const running: Running<T> = { slot, record, abort, done: false, settled: undefined as never };
    running.settled = this.#attempt(running, permit);
    return running;
  }

  async #attempt(running: Running<T>, permit: BreakerPermit): Promise<Settled<T>> {
    const { slot, record, abort } = running;
    const breaker = slot.breaker;
    let holdsSlot = false;
    let succeeded = false;
    try {
      if (slot.limiter) {
        const queued = slot.limiter.acquire(abort.signal);
        holdsSlot = true;
        if (queued) {
          holdsSlot = false;
          await queued;
          holdsSlot = true;
        }
      }
      abort.abortAfter(
        this.#o.attemptTimeoutMs,
        () => new AbortReason('attempt-timeout', 'attempt timed out'),
      );
      const value = await raceAbort(
        this.#body(slot, new AttemptContext(abort, this.#core.transport), abort),
        abort,
      );
      abort.clearTimer();
      succeeded = true;
      breaker?.success(permit);
      this.#finish(running, 'ok');
      return { ok: true, running, value };
    } catch (thrown) {
      abort.clearTimer();
      const reason = abort.aborted ? abort.reason : undefined;
      if (reason instanceof AbortReason && reason.kind === 'attempt-timeout') {
        const error = new ProviderError(
          'timeout',
          `${slot.provider.name} did not answer within ${this.#o.attemptTimeoutMs} ms`,
          {
            provider: slot.provider.name,
            detail: 'attempt-timeout',
            cause: thrown,
          },
        );
        return this.#failed(running, permit, error);
      }
      if (reason !== undefined) {
        // The request was aborted (deadline, caller) or this attempt lost a hedge: no verdict on the provider.
        breaker?.release(permit);
        if (reason instanceof AbortReason && reason.kind === 'hedge-lost') {
          return { ok: false, running, fatal: this.#fail('aborted', 'cancelled') };
        }
        this.#finish(running, 'cancelled');
        return { ok: false, running, fatal: this.#abortError(reason, this.#tries.get(slot)?.lastError) };
      }
      const error = classifyThrown(slot.provider.name, thrown);
      if (error.detail === 'shed') {
        this.#core.events.emit({
          type: 'shed',
          provider: slot.provider.name,
          retryAfterMs: error.retryAfterMs ?? 0,
        });
      }
      return this.#failed(running, permit, error);
    } finally {
      if (holdsSlot && !(succeeded && this.#holdSlotOnSuccess))
        slot.limiter?.release(this.#now() - record.startMs);
      if (!succeeded || !this.#holdSlotOnSuccess) abort.dispose();
    }
  }

  #failed(running: Running<T>, permit: BreakerPermit, error: ProviderError): Settled<T> {
    const breaker = running.slot.breaker;
    // The provider said when to come back (429 or 503 Retry-After, a loading model's estimated_time):
    // every request honours it, not only this one. A local shed is our own, not the provider's word.
    if (error.retryAfterMs !== undefined && error.detail !== 'shed') {
      const until = this.#o.clock() + error.retryAfterMs;
      if (until > running.slot.cooldownUntil) {
        running.slot.cooldownUntil = until;
        running.slot.cooldownCode = error.code;
      }
    }
    // A shed request never reached the provider: it says nothing of its health.
    if (BREAKER_NEUTRAL.has(error.code) || error.detail === 'shed') breaker?.release(permit);
    else breaker?.failure(permit);
    this.#finish(running, error.code, error);
    return { ok: false, running, error };
  }

  #finish(running: Running<T>, outcome: ErrorClass | 'ok' | 'cancelled', error?: ProviderError): void {
    if (running.done) return;
    running.done = true;
    const { record } = running;
    record.outcome = outcome;
    record.ms = this.#now() - record.startMs;
    if (error?.status !== undefined) record.status = error.status;
    if (error?.detail !== undefined) record.detail = error.detail;
    if (error?.retryAfterMs !== undefined) record.retryAfterMs = error.retryAfterMs;
    this.#emitAttempt(record);
  }
}
