import type { ProviderSlot, RouterCore } from './core.ts';
import type { AttemptRecord, ProviderError } from './errors.ts';
import type { ResolvedRouterOptions } from './options.ts';
import type { Route } from './route.ts';
import { Attempt, type AttemptBody, type AttemptScope, type GrantedPermit } from './run/attempt.ts';
import { BreakerGate } from './run/breaker-gate.ts';
import { type Candidate, candidatesOf, scheduleAfterFailure } from './run/candidate.ts';
import { abortError, giveUpError, stopError } from './run/give-up.ts';
import { firstUntried, type PlanLimits, planNext } from './run/plan.ts';
import { type AbortHandle, AbortReason, LinkedAbort, sleep } from './signals.ts';

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

export interface RequestRunOptions<T> {
  /** What each attempt does once it holds its permits. */
  body: AttemptBody<T>;
  /** The caller's signal (or abort handle). */
  signal: AbortSignal | AbortHandle | undefined;
  /** Streams keep the serving attempt's concurrency slot until they end (`Served.release`). */
  holdSlotOnSuccess: boolean;
}

/** The next attempt to start, permit in hand, or how long to wait before planning again. */
type NextStep =
  | { kind: 'ready'; candidate: Candidate; permit: GrantedPermit }
  | { kind: 'wait'; candidate: Candidate; waitMs: number };

let requestCounter = 0;

/**
 * One request's life: the attempt loop and hedging. The planner (run/plan.ts) says which provider
 * to try next, each attempt runs in run/attempt.ts, and run/give-up.ts chooses the error when no
 * provider is left. Hands back the first success or fails with a typed reason.
 */
export class RequestRun<T> {
  readonly id = `req-${(++requestCounter).toString(36)}`;
  readonly #core: RouterCore;
  readonly #o: ResolvedRouterOptions;
  readonly #scope: AttemptScope<T>;
  readonly #limits: PlanLimits;
  readonly #candidates: Candidate[];
  readonly #gate: BreakerGate;
  #hedgesExhausted = false;

  constructor(core: RouterCore, options: RequestRunOptions<T>) {
    this.#core = core;
    this.#o = core.options;
    const t0 = this.#o.clock();
    const deadline = new LinkedAbort([options.signal]);
    deadline.abortAfter(this.#o.deadlineMs, () => new AbortReason('deadline', 'deadline exceeded'));
    this.#scope = {
      requestId: this.id,
      core,
      t0,
      deadline,
      attempts: [],
      body: options.body,
      holdSlotOnSuccess: options.holdSlotOnSuccess,
    };
    this.#limits = { t0, maxAttempts: this.#o.maxAttempts, deadlineMs: this.#o.deadlineMs };
    this.#candidates = candidatesOf(core.slots);
    this.#gate = new BreakerGate(core);
  }

  /** The request's own signal: the caller's, plus the deadline. */
  get signal(): AbortSignal {
    return this.#scope.deadline.signal;
  }

  get attempts(): AttemptRecord[] {
    return this.#scope.attempts;
  }

  /** Stops the deadline timer (a stream that has started is governed by its idle timeout). */
  stopDeadline(): void {
    this.#scope.deadline.clearTimer();
  }

  dispose(): void {
    this.#scope.deadline.dispose();
  }

  #now(): number {
    return this.#o.clock() - this.#scope.t0;
  }

  async execute(): Promise<Served<T>> {
    const inflight = new Set<Attempt<T>>();
    let lastFailure: ProviderError | undefined;
    try {
      for (;;) {
        if (inflight.size === 0) {
          // The common case needs no wait: plan synchronously, and sleep only when told to.
          let next = this.#next(lastFailure);
          while (next.kind === 'wait') {
            await this.#wait(next.candidate, next.waitMs, lastFailure);
            next = this.#next(lastFailure);
          }
          inflight.add(new Attempt(this.#scope, next.candidate, next.permit, { hedge: false }));
        }
        const hedge = this.#hedgeTimer(inflight);
        // One attempt and no hedge (the usual case): await it directly, no race to build.
        const only = inflight.size === 1 && !hedge ? inflight.values().next().value : undefined;
        const settled = only
          ? await only.settled
          : await Promise.race([...[...inflight].map((a) => a.settled), ...(hedge ? [hedge.fired] : [])]);
        hedge?.cancel();

        if (settled === 'hedge') {
          this.#startHedge(inflight);
          continue;
        }

        const { attempt } = settled;
        inflight.delete(attempt);
        if (settled.kind === 'served') {
          this.#cancelAll(inflight);
          return {
            value: settled.value,
            slot: attempt.slot,
            abort: attempt.abort,
            release: () => attempt.releaseSlot(),
            route: {
              provider: attempt.slot.provider.name,
              attempts: this.#scope.attempts,
              failoverMs: attempt.record.startMs,
              latencyMs: this.#now(),
              skipped: this.#gate.skipped,
            },
          };
        }
        if (settled.kind === 'fatal') {
          this.#cancelAll(inflight);
          throw settled.fatal;
        }
        const { error } = settled;
        lastFailure = error;
        const action = this.#o.errorPolicy[error.code];
        if (action === 'stop') {
          this.#cancelAll(inflight);
          throw stopError(error, this.#scope.attempts);
        }
        scheduleAfterFailure(
          attempt.candidate,
          error,
          { retry: action === 'retry', nowMs: this.#now() },
          this.#o,
        );
      }
    } catch (error) {
      this.#cancelAll(inflight);
      throw error;
    }
  }

  /** After `hedge.delayMs` without an answer, fire once more at the next healthy provider. */
  #hedgeTimer(inflight: Set<Attempt<T>>): { fired: Promise<'hedge'>; cancel: () => void } | undefined {
    const hedge = this.#o.hedge;
    if (!hedge || this.#hedgesExhausted || inflight.size === 0 || inflight.size > hedge.maxHedges)
      return undefined;
    const newest = Math.max(...[...inflight].map((a) => a.record.startMs));
    const waitMs = Math.max(0, newest + hedge.delayMs - this.#now());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fired = new Promise<'hedge'>((resolve) => {
      timer = setTimeout(() => resolve('hedge'), waitMs);
    });
    return { fired, cancel: () => clearTimeout(timer) };
  }

  /** A hedge goes only to a provider not tried yet in this request; when none is left, hedging stops. */
  #startHedge(inflight: Set<Attempt<T>>): void {
    const busy = new Set([...inflight].map((a) => a.candidate));
    for (;;) {
      const passedOver: Candidate[] = [];
      const next = firstUntried(
        this.#candidates,
        { nowMs: this.#now(), t0: this.#scope.t0 },
        passedOver,
        busy,
      );
      this.#gate.passOver(passedOver);
      if (!next) {
        this.#hedgesExhausted = true;
        return;
      }
      const permit = this.#gate.acquire(next);
      if (permit === undefined) continue;
      this.#core.events.emit({
        type: 'hedge',
        requestId: this.id,
        provider: next.slot.provider.name,
        afterMs: this.#o.hedge?.delayMs ?? 0,
      });
      inflight.add(new Attempt(this.#scope, next, permit, { hedge: true }));
      return;
    }
  }

  /** Plans until an attempt can start now (permit taken) or a wait is due; throws when giving up. */
  #next(lastFailure: ProviderError | undefined): NextStep {
    for (;;) {
      const plan = planNext(
        { candidates: this.#candidates, attemptsMade: this.#scope.attempts.length, nowMs: this.#now() },
        this.#limits,
      );
      this.#gate.passOver(plan.passedOver);
      if (plan.kind === 'give-up') {
        throw giveUpError(plan, {
          candidates: this.#candidates,
          attempts: this.#scope.attempts,
          skipped: this.#gate.skipped,
          deadlineMs: this.#o.deadlineMs,
          clock: this.#o.clock(),
          lastFailure,
        });
      }
      if (plan.kind === 'wait') return plan;
      const permit = this.#gate.acquire(plan.candidate);
      // The breaker turned it away after all: plan again.
      if (permit === undefined) continue;
      if (lastFailure && lastFailure.provider !== plan.candidate.slot.provider.name) {
        this.#core.events.emit({
          type: 'failover',
          requestId: this.id,
          from: lastFailure.provider,
          to: plan.candidate.slot.provider.name,
          reason: lastFailure.code,
        });
      }
      return { kind: 'ready', candidate: plan.candidate, permit };
    }
  }

  /** Sleeps until a retry is due; an abort (deadline, caller) during the sleep ends the request. */
  async #wait(candidate: Candidate, waitMs: number, lastFailure: ProviderError | undefined): Promise<void> {
    this.#core.events.emit({
      type: 'retry',
      requestId: this.id,
      provider: candidate.slot.provider.name,
      delayMs: waitMs,
      reason: candidate.lastError?.code ?? 'unavailable',
    });
    try {
      await sleep(waitMs, this.signal);
    } catch {
      throw abortError(this.signal.reason, {
        attempts: this.#scope.attempts,
        deadlineMs: this.#o.deadlineMs,
        lastFailure,
      });
    }
  }

  #cancelAll(inflight: Set<Attempt<T>>): void {
    for (const attempt of inflight) attempt.cancel();
    inflight.clear();
  }
}
