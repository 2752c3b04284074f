import type { ProviderSlot } from '../core.ts';
import type { ProviderError } from '../errors.ts';
import { type BackoffOptions, retryDelayMs } from '../policy/backoff.ts';

/** What the planner reads of a provider slot: a ProviderSlot is one; unit tests pass plain objects. */
export interface PlanSlot {
  readonly provider: { readonly name: string };
  /** Whether the provider's circuit breaker lets a call through now (no side effect). */
  readonly breaker?: { canAttempt(): boolean } | undefined;
  /** Clock ms before which no request may call this provider (a router-wide Retry-After). */
  readonly cooldownUntil: number;
}

/** One provider as one request sees it: its router-wide slot and this request's tries of it. */
export interface Candidate<S extends PlanSlot = ProviderSlot> {
  readonly slot: S;
  /** Attempts started at this provider in this request. */
  count: number;
  /** No further attempt here in this request: a failover error, or its retries are spent. */
  exhausted: boolean;
  /** ms since the request began before which it may not be retried (its backoff or Retry-After). */
  notBefore: number;
  /** Why its last attempt in this request failed. */
  lastError: ProviderError | undefined;
}

/** A request's candidates, in the slots' priority order, none tried yet. */
export function candidatesOf<S extends PlanSlot>(slots: readonly S[]): Candidate<S>[] {
  return slots.map((slot) => ({ slot, count: 0, exhausted: false, notBefore: 0, lastError: undefined }));
}

export interface RetrySchedule {
  /** Retries of one provider within a request. */
  maxRetries: number;
  backoff: BackoffOptions;
  random: () => number;
}

/**
 * After a failed attempt: with `retry`, the provider may be tried again after its backoff (or
 * its Retry-After) while retries remain; otherwise it is done for this request.
 */
export function scheduleAfterFailure(
  candidate: Candidate<PlanSlot>,
  error: ProviderError,
  next: { retry: boolean; nowMs: number },
  schedule: RetrySchedule,
): void {
  candidate.lastError = error;
  if (!next.retry || candidate.count > schedule.maxRetries) {
    candidate.exhausted = true;
    return;
  }
  const delay = retryDelayMs(candidate.count, error.retryAfterMs, schedule.backoff, schedule.random);
  candidate.notBefore = next.nowMs + delay;
}
