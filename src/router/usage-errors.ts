/**
 * Errors of using the router wrongly, as opposed to a request that failed (`RouterError`,
 * `ProviderError`). Each carries a stable `code` and `name`; every message says where, with no
 * prefix (the convention of src/errors.ts): `createRouter: deadlineMs must be ...`.
 *
 * | code                    | class                              | when                                                        |
 * |-------------------------|------------------------------------|-------------------------------------------------------------|
 * | BROWNOUT_ROUTER_OPTIONS | RouterOptionsError (a RangeError)  | createRouter, a breaker or a concurrency limit got an option it cannot take |
 * | BROWNOUT_ROUTER_USAGE   | RouterUsageError (a TypeError)     | a call the router cannot honour: a probe of an unknown provider, a stream iterated twice |
 */

/** An option out of range, or missing: thrown when the router (or one of its policies) is built. */
export class RouterOptionsError extends RangeError {
  readonly code = 'BROWNOUT_ROUTER_OPTIONS';
  override readonly name = 'RouterOptionsError';
  constructor(message: string) {
    super(message);
  }
}

/** A call the router cannot honour, such as iterating one RouterStream twice. */
export class RouterUsageError extends TypeError {
  readonly code = 'BROWNOUT_ROUTER_USAGE';
  override readonly name = 'RouterUsageError';
  constructor(message: string) {
    super(message);
  }
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** True for a {@link RouterOptionsError}, from any copy of the package. */
export function isRouterOptionsError(error: unknown): error is RouterOptionsError {
  return hasCode(error, 'BROWNOUT_ROUTER_OPTIONS');
}

/** True for a {@link RouterUsageError}, from any copy of the package. */
export function isRouterUsageError(error: unknown): error is RouterUsageError {
  return hasCode(error, 'BROWNOUT_ROUTER_USAGE');
}
