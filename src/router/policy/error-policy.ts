import type { ErrorClass } from '../errors.ts';

/**
 * What the router does after an attempt fails with a given error class:
 * - `retry`: the provider may be tried again after a backoff (or its Retry-After), but a
 *   healthy provider not yet tried goes first, at once;
 * - `failover`: this provider is done for this request; move on;
 * - `stop`: the request fails now (the caller's fault, or nothing another try could fix).
 */
export type ErrorAction = 'retry' | 'failover' | 'stop';

export type ErrorPolicy = Record<ErrorClass, ErrorAction>;

/** The defaults; see the README's policy table for the reasoning. */
export const DEFAULT_ERROR_POLICY: ErrorPolicy = {
  'rate-limited': 'retry',
  unavailable: 'retry',
  timeout: 'failover',
  network: 'retry',
  auth: 'failover',
  'model-missing': 'failover',
  'bad-request': 'stop',
  malformed: 'failover',
  'stream-interrupted': 'failover',
  // Our own bug, not the provider's: another provider's answer may not hit it.
  internal: 'failover',
};

/** Errors that say nothing about a provider's health do not move its circuit breaker. */
export const BREAKER_NEUTRAL: ReadonlySet<ErrorClass> = new Set(['bad-request', 'internal']);
