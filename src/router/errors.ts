/**
 * The error taxonomy. Every provider failure is normalized once, at the edge, into a
 * `ProviderError` with one of these stable codes; policies decide on the code alone.
 *
 * | code               | what happened                                             |
 * |--------------------|-----------------------------------------------------------|
 * | rate-limited       | 429, or local load shedding; carries `retryAfterMs`        |
 * | unavailable        | 5xx; a Hugging Face model still loading                    |
 * | timeout            | no first byte, or an idle gap in a stream, within the attempt timeout |
 * | network            | connection reset, refused, DNS failure                     |
 * | auth               | 401/403; an exhausted quota                                |
 * | model-missing      | 404 model, Hugging Face repo gone or disabled              |
 * | bad-request        | 400/422: the caller's fault                                |
 * | malformed          | unparseable body, wrong content type, schema drift         |
 * | stream-interrupted | a stream that broke or ended without a finish_reason       |
 * | internal           | an error on our side of the wire (a normalizer bug): not the provider's |
 */
export const ERROR_CLASSES = [
  'rate-limited',
  'unavailable',
  'timeout',
  'network',
  'auth',
  'model-missing',
  'bad-request',
  'malformed',
  'stream-interrupted',
  'internal',
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

export interface ProviderErrorInit {
  provider: string;
  status?: number;
  retryAfterMs?: number;
  /** A finer reason, e.g. `reset`, `refused`, `dns`, `model-loading`, `shed`, `schema-drift`. */
  detail?: string;
  requestId?: string;
  cause?: unknown;
}

/** One provider attempt that failed, classified. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly code: ErrorClass;
  readonly provider: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly detail?: string;
  readonly requestId?: string;

  constructor(code: ErrorClass, message: string, init: ProviderErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.provider = init.provider;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.requestId !== undefined) this.requestId = init.requestId;
  }
}

/**
 * Why the router gave up on a request.
 *
 * | code                  | meaning                                                       |
 * |-----------------------|---------------------------------------------------------------|
 * | all-providers-failed  | every provider was tried (or skipped) and none answered        |
 * | rate-limited          | every provider is rate-limited; `retryAfterMs` says when to come back |
 * | no-provider-available | every provider's circuit breaker is open: failed fast, no attempt made |
 * | deadline-exceeded     | the overall deadline ran out (or the next wait would pass it)  |
 * | aborted               | the caller's AbortSignal fired                                 |
 * | bad-request           | the request itself is invalid: not retried, not failed over    |
 * | stream-interrupted    | a stream broke after its first chunk reached the caller        |
 */
export const ROUTER_ERROR_CODES = [
  'all-providers-failed',
  'rate-limited',
  'no-provider-available',
  'deadline-exceeded',
  'aborted',
  'bad-request',
  'stream-interrupted',
] as const;
export type RouterErrorCode = (typeof ROUTER_ERROR_CODES)[number];

/** One attempt of one request, as recorded in `route.attempts` and in errors. */
export interface AttemptRecord {
  provider: string;
  /** `ok`, an error class, or `cancelled` (a losing hedge, or aborted by the caller). */
  outcome: 'ok' | ErrorClass | 'cancelled';
  status?: number;
  /** Start of the attempt, in ms since the request began. */
  startMs: number;
  /** Duration of the attempt in ms (for streams: until the first chunk, or the failure). */
  ms: number;
  hedge?: boolean;
  detail?: string;
  retryAfterMs?: number;
}

export interface RouterErrorInit {
  attempts: AttemptRecord[];
  retryAfterMs?: number;
  cause?: unknown;
}

/** A request that no provider could serve. Always carries a stable `code` and every attempt. */
export class RouterError extends Error {
  override readonly name = 'RouterError';
  readonly code: RouterErrorCode;
  readonly attempts: AttemptRecord[];
  readonly retryAfterMs?: number;

  constructor(code: RouterErrorCode, message: string, init: RouterErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.attempts = init.attempts;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/** Type guards that work across package copies (no instanceof). */
export function isRouterError(e: unknown): e is RouterError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { name?: unknown }).name === 'RouterError' &&
    ROUTER_ERROR_CODES.includes((e as { code?: never }).code as never)
  );
}

export function isProviderError(e: unknown): e is ProviderError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { name?: unknown }).name === 'ProviderError' &&
    ERROR_CLASSES.includes((e as { code?: never }).code as never)
  );
}
