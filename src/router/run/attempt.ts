import { classifyThrown } from '../classify.ts';
import type { ProviderSlot, RouterCore } from '../core.ts';
import { type AttemptRecord, type ErrorClass, ProviderError, type RouterError } from '../errors.ts';
import { ourSideError } from '../our-side.ts';
import type { BreakerPermit } from '../policy/breaker.ts';
import { BREAKER_NEUTRAL } from '../policy/error-policy.ts';
import type { ProviderCallContext } from '../providers/provider.ts';
import { ABORT_HANDLE, AbortReason, LinkedAbort, raceAbort } from '../signals.ts';
import type { Transport } from '../transport/transport.ts';
import type { Candidate } from './candidate.ts';
import { abortError, routerError } from './give-up.ts';

/** What an attempt does once it holds its permits: a completion, or the first chunk of a stream. */
export type AttemptBody<T> = (slot: ProviderSlot, ctx: ProviderCallContext, abort: LinkedAbort) => Promise<T>;

/** A permit the breaker granted (a normal call or a half-open trial). */
export type GrantedPermit = NonNullable<BreakerPermit>;

/** What an attempt needs from the request it belongs to. */
export interface AttemptScope<T> {
  readonly requestId: string;
  readonly core: RouterCore;
  /** Clock ms when the request began. */
  readonly t0: number;
  /** The request's abort: the caller's signal plus the deadline. Each attempt links to it. */
  readonly deadline: LinkedAbort;
  /** Every attempt of the request, in order: each attempt appends its record. */
  readonly attempts: AttemptRecord[];
  readonly body: AttemptBody<T>;
  /** Streams keep the serving attempt's concurrency slot and abort handle until they end. */
  readonly holdSlotOnSuccess: boolean;
}

/** How an attempt ended: served, failed (the planner decides what next), or the request must end. */
export type Settled<T> =
  | { kind: 'served'; attempt: Attempt<T>; value: T }
  | { kind: 'failed'; attempt: Attempt<T>; error: ProviderError }
  | { kind: 'fatal'; attempt: Attempt<T>; fatal: RouterError };

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
 * One attempt at one provider, started on construction: takes a concurrency permit, runs the
 * body under the attempt timeout raced against aborts, classifies a failure, gives the breaker
 * its verdict, sets a router-wide cooldown from a Retry-After, and records the attempt.
 */
export class Attempt<T> {
  readonly candidate: Candidate;
  readonly record: AttemptRecord;
  readonly abort: LinkedAbort;
  readonly settled: Promise<Settled<T>>;
  readonly #scope: AttemptScope<T>;
  /** Set once the attempt has been recorded (a cancelled loser is recorded when cancelled). */
  #done = false;

  constructor(
    scope: AttemptScope<T>,
    candidate: Candidate,
    permit: GrantedPermit,
    options: { hedge: boolean },
  ) {
    this.#scope = scope;
    this.candidate = candidate;
    candidate.count++;
    this.record = {
      provider: candidate.slot.provider.name,
      outcome: 'ok',
      startMs: this.#now(),
      ms: 0,
    };
    if (options.hedge) this.record.hedge = true;
    scope.attempts.push(this.record);
    this.abort = new LinkedAbort([scope.deadline]);
    this.settled = this.#run(permit);
  }

  get slot(): ProviderSlot {
    return this.candidate.slot;
  }

  /** Gives back the concurrency slot a served stream held (see `holdSlotOnSuccess`). */
  releaseSlot(): void {
    this.slot.limiter?.release(this.#now() - this.record.startMs);
  }

  /** Another attempt answered first (or the request ended): record this one cancelled, abort it. */
  cancel(): void {
    if (!this.#done) {
      this.#done = true;
      this.record.outcome = 'cancelled';
      this.record.ms = this.#now() - this.record.startMs;
      this.#emitRecord();
    }
    this.abort.abort(new AbortReason('hedge-lost', 'another attempt answered first'));
  }

  #now(): number {
    return this.#scope.core.options.clock() - this.#scope.t0;
  }

  async #run(permit: GrantedPermit): Promise<Settled<T>> {
    const { slot, abort } = this;
    const { core, holdSlotOnSuccess } = this.#scope;
    const { options } = core;
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
        options.attemptTimeoutMs,
        () => new AbortReason('attempt-timeout', 'attempt timed out'),
      );
      const value = await raceAbort(
        this.#scope.body(slot, new AttemptContext(abort, core.transport), abort),
        abort,
      );
      abort.clearTimer();
      succeeded = true;
      slot.breaker?.success(permit);
      this.#finish('ok');
      return { kind: 'served', attempt: this, value };
    } catch (thrown) {
      abort.clearTimer();
      const reason = abort.aborted ? abort.reason : undefined;
      if (reason instanceof AbortReason && reason.kind === 'attempt-timeout') {
        const error = new ProviderError(
          'timeout',
          `${slot.provider.name} did not answer within ${options.attemptTimeoutMs} ms`,
          { provider: slot.provider.name, detail: 'attempt-timeout', cause: thrown },
        );
        return this.#failed(permit, error);
      }
      if (reason !== undefined) {
        // The request was aborted (deadline, caller) or this attempt lost a hedge: no verdict on the provider.
        slot.breaker?.release(permit);
        const { attempts } = this.#scope;
        if (reason instanceof AbortReason && reason.kind === 'hedge-lost') {
          return { kind: 'fatal', attempt: this, fatal: routerError('aborted', 'cancelled', attempts) };
        }
        this.#finish('cancelled');
        const fatal = abortError(reason, {
          attempts,
          deadlineMs: options.deadlineMs,
          lastFailure: this.candidate.lastError,
        });
        return { kind: 'fatal', attempt: this, fatal };
      }
      // An error of our own code (a normalizer bug) is `internal`: never the provider's fault.
      const error = ourSideError(slot.provider.name, thrown) ?? classifyThrown(slot.provider.name, thrown);
      if (error.detail === 'shed') {
        core.events.emit({
          type: 'shed',
          provider: slot.provider.name,
          retryAfterMs: error.retryAfterMs ?? 0,
        });
      }
      return this.#failed(permit, error);
    } finally {
      if (holdsSlot && !(succeeded && holdSlotOnSuccess))
        slot.limiter?.release(this.#now() - this.record.startMs);
      if (!succeeded || !holdSlotOnSuccess) abort.dispose();
    }
  }

  #failed(permit: GrantedPermit, error: ProviderError): Settled<T> {
    const { slot } = this;
    // The provider said when to come back (429 or 503 Retry-After, a loading model's estimated_time):
    // every request honours it, not only this one. A local shed is our own, not the provider's word.
    if (error.retryAfterMs !== undefined && error.detail !== 'shed') {
      const until = this.#scope.core.options.clock() + error.retryAfterMs;
      if (until > slot.cooldownUntil) {
        slot.cooldownUntil = until;
        slot.cooldownCode = error.code;
      }
    }
    // A shed request never reached the provider: it says nothing of its health.
    if (BREAKER_NEUTRAL.has(error.code) || error.detail === 'shed') slot.breaker?.release(permit);
    else slot.breaker?.failure(permit);
    this.#finish(error.code, error);
    return { kind: 'failed', attempt: this, error };
  }

  #finish(outcome: ErrorClass | 'ok' | 'cancelled', error?: ProviderError): void {
    if (this.#done) return;
    this.#done = true;
    const { record } = this;
    record.outcome = outcome;
    record.ms = this.#now() - record.startMs;
    if (error?.status !== undefined) record.status = error.status;
    if (error?.detail !== undefined) record.detail = error.detail;
    if (error?.retryAfterMs !== undefined) record.retryAfterMs = error.retryAfterMs;
    this.#emitRecord();
  }

  #emitRecord(): void {
    this.#scope.core.events.emit({ type: 'attempt', requestId: this.#scope.requestId, attempt: this.record });
  }
}
