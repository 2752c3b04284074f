import {
  type AttemptRecord,
  type ErrorClass,
  type ProviderError,
  RouterError,
  type RouterErrorCode,
} from '../errors.ts';
import type { Route } from '../route.ts';
import { AbortReason } from '../signals.ts';
import type { Candidate, PlanSlot } from './candidate.ts';
import type { GiveUp } from './plan.ts';

/** What the error chooser reads of a slot: a ProviderSlot is one. */
export interface GiveUpSlot extends PlanSlot {
  readonly breaker?: { canAttempt(): boolean; readonly reopensAt: number | undefined } | undefined;
  readonly cooldownCode?: ErrorClass;
}

/** What a request knows when it gives up. */
export interface RunFacts<S extends GiveUpSlot> {
  readonly candidates: readonly Candidate<S>[];
  readonly attempts: AttemptRecord[];
  readonly skipped: Route['skipped'];
  readonly deadlineMs: number;
  /** Clock ms now. */
  readonly clock: number;
  /** The most recent failed attempt, if any. */
  readonly lastFailure: ProviderError | undefined;
}

/** A RouterError carrying the request's attempts. */
export function routerError(
  code: RouterErrorCode,
  message: string,
  attempts: AttemptRecord[],
  cause?: unknown,
  retryAfterMs?: number,
): RouterError {
  return new RouterError(code, message, {
    attempts,
    ...(cause === undefined ? {} : { cause }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs: Math.ceil(retryAfterMs) }),
  });
}

const ms = (value: number) => `${Math.round(Math.max(0, value))} ms`;

/**
 * What happened to one provider in this request, in words: its last error (with the provider's
 * Retry-After), a router-wide cooldown another request learnt of, an open breaker, or nothing.
 */
export function describeProvider<S extends GiveUpSlot>(candidate: Candidate<S>, facts: RunFacts<S>): string {
  const { slot, lastError } = candidate;
  const name = slot.provider.name;
  const parts: string[] = [];
  if (lastError) {
    parts.push(
      lastError.retryAfterMs === undefined
        ? lastError.code
        : `${lastError.code} with Retry-After ${ms(lastError.retryAfterMs)}`,
    );
  } else if (slot.cooldownUntil > facts.clock) {
    parts.push(`${slot.cooldownCode ?? 'rate-limited'} for another ${ms(slot.cooldownUntil - facts.clock)}`);
  }
  const reopensAt = slot.breaker?.reopensAt;
  if (reopensAt !== undefined && reopensAt > facts.clock) {
    parts.push(`circuit breaker open for another ${ms(reopensAt - facts.clock)}`);
  } else if (facts.skipped.some((s) => s.provider === name)) {
    parts.push('circuit breaker half-open with no trial free');
  }
  return `${name}: ${parts.length > 0 ? parts.join(', ') : 'not tried'}`;
}

/** Every provider, in priority order, with what happened to it. */
export function describeProviders<S extends GiveUpSlot>(facts: RunFacts<S>): string {
  return facts.candidates.map((c) => describeProvider(c, facts)).join('; ');
}

function allRateLimited<S extends GiveUpSlot>(facts: RunFacts<S>): boolean {
  const errors = facts.candidates.map((c) => c.lastError).filter((e) => e !== undefined);
  return errors.length > 0 && errors.every((e) => e.code === 'rate-limited');
}

/**
 * The error when the planner gives up, with the most useful code for the caller:
 * - no attempt made and a breaker turned a provider away: `no-provider-available`, with the
 *   soonest breaker reopening as `retryAfterMs`;
 * - every failure a rate limit: `rate-limited`, with the soonest Retry-After (or the wait that
 *   would pass the deadline);
 * - the next wait would pass the deadline: `deadline-exceeded`;
 * - else `all-providers-failed`.
 * The message names what happened to each provider.
 */
export function giveUpError<S extends GiveUpSlot>(plan: GiveUp<S>, facts: RunFacts<S>): RouterError {
  const { attempts, lastFailure } = facts;
  if (plan.reason === 'past-deadline') {
    const { candidate, waitMs } = plan;
    const error = candidate.lastError;
    const cooling = candidate.slot.cooldownUntil > facts.clock;
    const code = error?.code ?? (cooling ? candidate.slot.cooldownCode : undefined);
    const message =
      `the next try (${candidate.slot.provider.name}, in ${ms(waitMs)}) would pass the ` +
      `${facts.deadlineMs} ms deadline (${describeProviders(facts)})`;
    if (code === 'rate-limited' || allRateLimited(facts))
      return routerError('rate-limited', message, attempts, error, waitMs);
    return routerError('deadline-exceeded', message, attempts, error);
  }

  const states = describeProviders(facts);
  if (attempts.length === 0 && facts.skipped.length > 0) {
    const reopen = facts.candidates
      .map((c) => c.slot.breaker?.reopensAt)
      .filter((t): t is number => t !== undefined)
      .map((t) => Math.max(0, t - facts.clock));
    return routerError(
      'no-provider-available',
      `no provider could be tried (${states})`,
      attempts,
      undefined,
      reopen.length > 0 ? Math.min(...reopen) : undefined,
    );
  }
  const why =
    plan.reason === 'max-attempts'
      ? `gave up after ${attempts.length} attempts (retry.maxAttempts)`
      : 'no provider left to try';
  const message = `no provider could serve the request (${states}); ${why}`;
  if (allRateLimited(facts)) {
    const waits = facts.candidates
      .map((c) => c.lastError?.retryAfterMs)
      .filter((w): w is number => w !== undefined);
    return routerError(
      'rate-limited',
      message,
      attempts,
      lastFailure,
      waits.length > 0 ? Math.min(...waits) : undefined,
    );
  }
  return routerError('all-providers-failed', message, attempts, lastFailure);
}

/** An error policy of `stop` (a bad request): the request fails with the provider's reason. */
export function stopError(error: ProviderError, attempts: AttemptRecord[]): RouterError {
  return routerError(
    error.code === 'bad-request' ? 'bad-request' : 'all-providers-failed',
    error.message,
    attempts,
    error,
  );
}

/** Turns an abort of the request (deadline, caller) into the RouterError the caller sees. */
export function abortError(
  reason: unknown,
  context: { attempts: AttemptRecord[]; deadlineMs: number; lastFailure: ProviderError | undefined },
): RouterError {
  const { attempts, lastFailure } = context;
  if (reason instanceof AbortReason && reason.kind === 'deadline') {
    const last = lastFailure ? ` (last failure: ${lastFailure.provider} ${lastFailure.code})` : '';
    return routerError(
      'deadline-exceeded',
      `no answer within the ${context.deadlineMs} ms deadline${last}`,
      attempts,
      lastFailure,
    );
  }
  return routerError('aborted', 'the caller aborted the request', attempts, reason);
}
