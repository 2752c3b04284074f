import type { RouterEventListener } from './events.ts';
import type { BackoffOptions } from './policy/backoff.ts';
import type { BreakerOptions } from './policy/breaker.ts';
import type { ConcurrencyOptions } from './policy/concurrency.ts';
import { DEFAULT_ERROR_POLICY, type ErrorPolicy } from './policy/error-policy.ts';
import type { Provider } from './providers/provider.ts';
import type { Transport } from './transport/transport.ts';
import type { Clock } from './types.ts';
import { RouterOptionsError } from './usage-errors.ts';

export interface RetryOptions extends BackoffOptions {
  /** Retries of one provider within a request (default 2). */
  maxRetries?: number;
  /** Attempts across all providers within a request (default providers × (1 + maxRetries)). */
  maxAttempts?: number;
}

export interface HedgeOptions {
  /** Send the request to the next healthy provider when no answer came within this many ms. */
  delayMs: number;
  /** At most this many extra requests (default 1). */
  maxHedges?: number;
}

export interface RouterOptions {
  /** In priority order: the first is the primary. */
  providers: Provider[];
  /** `undici` (default: the fast path), `fetch` (what MSW and nock intercept), or your own. */
  transport?: 'undici' | 'fetch' | Transport;
  /** Per attempt: until the answer (chat) or the first chunk (stream). Default 30 s. */
  attemptTimeoutMs?: number;
  /** Longest silence between two chunks of a stream. Default: attemptTimeoutMs. */
  idleTimeoutMs?: number;
  /** Across all attempts and waits, until the answer or the first chunk. Default 60 s. */
  deadlineMs?: number;
  retry?: RetryOptions;
  /** What each error class leads to; see DEFAULT_ERROR_POLICY. */
  errorPolicy?: Partial<ErrorPolicy>;
  /** Per-provider circuit breakers (on by default); `false` turns them off. */
  breaker?: BreakerOptions | false;
  /** Hedged requests: off by default. */
  hedge?: HedgeOptions | false;
  /** Per-provider concurrency limit with a bounded queue, by provider name (`*` for all). Off by default. */
  concurrency?: Record<string, ConcurrencyOptions>;
  /** Timeout of a half-open probe (default: attemptTimeoutMs). */
  probeTimeoutMs?: number;
  onEvent?: RouterEventListener;
  /** Monotonic ms clock (default performance.now). */
  clock?: Clock;
  /** Random source in [0, 1) for jitter (default Math.random); seed it for replayable runs. */
  random?: () => number;
}

export interface ResolvedRouterOptions {
  attemptTimeoutMs: number;
  idleTimeoutMs: number;
  deadlineMs: number;
  maxRetries: number;
  maxAttempts: number;
  backoff: BackoffOptions;
  errorPolicy: ErrorPolicy;
  hedge: Required<HedgeOptions> | undefined;
  probeTimeoutMs: number;
  clock: Clock;
  random: () => number;
}

/** The router's defaults for the numbers that bound a request (the scenario runner's checks use them too). */
export const ROUTER_DEFAULTS = { attemptTimeoutMs: 30_000, deadlineMs: 60_000, maxRetries: 2 } as const;

/** The numbers that bound one request, defaults filled in. */
export interface RequestBudget {
  attemptTimeoutMs: number;
  deadlineMs: number;
  maxRetries: number;
  /** Default: providers × (1 + maxRetries). */
  maxAttempts: number;
}

/** A request's bounds from the options given, with the router's defaults for the rest (not validated). */
export function requestBudget(
  options: {
    attemptTimeoutMs?: number | undefined;
    deadlineMs?: number | undefined;
    retry?: { maxRetries?: number | undefined; maxAttempts?: number | undefined } | undefined;
  },
  providers: number,
): RequestBudget {
  const maxRetries = options.retry?.maxRetries ?? ROUTER_DEFAULTS.maxRetries;
  return {
    attemptTimeoutMs: options.attemptTimeoutMs ?? ROUTER_DEFAULTS.attemptTimeoutMs,
    deadlineMs: options.deadlineMs ?? ROUTER_DEFAULTS.deadlineMs,
    maxRetries,
    maxAttempts: options.retry?.maxAttempts ?? providers * (1 + maxRetries),
  };
}

function assertRange(value: number, field: string, min: number, integer = false): void {
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new RouterOptionsError(
      `createRouter: ${field} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, got ${value}`,
    );
  }
}

/** Fills defaults and validates ranges, so a bad configuration fails at construction, not mid-outage. */
export function resolveOptions(options: RouterOptions): ResolvedRouterOptions {
  if (!Array.isArray(options.providers) || options.providers.length === 0) {
    throw new RouterOptionsError(
      'createRouter: providers must be a non-empty array (the first is the primary)',
    );
  }
  const names = options.providers.map((p) => p.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate)
    throw new RouterOptionsError(
      `createRouter: two providers are named "${duplicate}"; give each a unique name`,
    );

  const { attemptTimeoutMs, deadlineMs, maxRetries, maxAttempts } = requestBudget(
    options,
    options.providers.length,
  );
  const idleTimeoutMs = options.idleTimeoutMs ?? attemptTimeoutMs;
  assertRange(attemptTimeoutMs, 'attemptTimeoutMs', 1);
  assertRange(idleTimeoutMs, 'idleTimeoutMs', 1);
  assertRange(deadlineMs, 'deadlineMs', 1);
  assertRange(maxRetries, 'retry.maxRetries', 0, true);
  assertRange(maxAttempts, 'retry.maxAttempts', 1, true);
  if (options.retry?.baseMs !== undefined) assertRange(options.retry.baseMs, 'retry.baseMs', 0);
  if (options.retry?.capMs !== undefined) assertRange(options.retry.capMs, 'retry.capMs', 0);
  const hedge = options.hedge
    ? { delayMs: options.hedge.delayMs, maxHedges: options.hedge.maxHedges ?? 1 }
    : undefined;
  if (hedge) {
    assertRange(hedge.delayMs, 'hedge.delayMs', 0);
    assertRange(hedge.maxHedges, 'hedge.maxHedges', 1, true);
  }
  const backoff: BackoffOptions = {};
  if (options.retry?.baseMs !== undefined) backoff.baseMs = options.retry.baseMs;
  if (options.retry?.capMs !== undefined) backoff.capMs = options.retry.capMs;
  return {
    attemptTimeoutMs,
    idleTimeoutMs,
    deadlineMs,
    maxRetries,
    maxAttempts,
    backoff,
    errorPolicy: { ...DEFAULT_ERROR_POLICY, ...options.errorPolicy },
    hedge,
    probeTimeoutMs: options.probeTimeoutMs ?? attemptTimeoutMs,
    clock: options.clock ?? (() => performance.now()),
    random: options.random ?? Math.random,
  };
}
