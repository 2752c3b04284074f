export interface BackoffOptions {
  /** First retry's ceiling in ms (default 100). */
  baseMs?: number;
  /** No retry waits longer than this (default 2000). */
  capMs?: number;
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * the n-th retry (n from 1) waits uniformly in [0, min(cap, base * 2^(n-1))]. Full jitter spreads
 * a herd of clients so a 429 storm does not become a synchronized retry storm.
 */
export function backoffDelayMs(retry: number, options: BackoffOptions, random: () => number): number {
  const base = options.baseMs ?? 100;
  const cap = options.capMs ?? 2000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, retry - 1));
  return random() * ceiling;
}

/**
 * The wait before retrying a provider: the provider's Retry-After when it gave one (never
 * shortened by jitter: sending earlier is what a 429 forbids), else the jittered backoff.
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  options: BackoffOptions,
  random: () => number,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  return backoffDelayMs(retry, options, random);
}
