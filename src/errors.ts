/**
 * Errors of calling brownout wrongly that belong to no layer's own error class. The layers keep
 * theirs: router/errors.ts (`RouterError`, `ProviderError`), router/usage-errors.ts
 * (`BROWNOUT_ROUTER_OPTIONS`, `BROWNOUT_ROUTER_USAGE`), faults/errors.ts, scenario/errors.ts,
 * monitor/errors.ts, checks, report and scorecard. Each carries a stable `code`; the guard
 * checks the code, not `instanceof`, so it holds across two copies of the package.
 *
 * Messages, all of brownout: no prefix (no `brownout: `, no `[brownout] `). A message says where
 * and what: `upstream record cap must be an integer >= 1, got 0`. The CLI prints
 * `brownout <command>: ` before it, so a prefix would print twice; a library caller has the
 * error's `name` and `code` to tell it is brownout's.
 *
 * | code                          | class              | when                                                                 |
 * |-------------------------------|--------------------|----------------------------------------------------------------------|
 * | BROWNOUT_CORRELATION_KEY      | BrownoutRangeError | `correlationTag` got a key that is not 1 to 64 of [A-Za-z0-9_.-]   |
 * | BROWNOUT_UPSTREAM_RECORD_CAP  | BrownoutRangeError | an upstream record cap that is not a whole number >= 1               |
 * | BROWNOUT_CASSETTE_MODE        | BrownoutTypeError  | a cassette mode (or BROWNOUT_CASSETTE_MODE) other than record, update, replay |
 * | BROWNOUT_QUANTILE_INPUT       | BrownoutRangeError | a quantile outside [0, 1], or a NaN sample                           |
 * | BROWNOUT_PROPERTY_UNKNOWN     | BrownoutTypeError  | a property id that is not in the property table                      |
 * | BROWNOUT_DIFF_OPTIONS         | BrownoutRangeError | a report diff tolerance or minDeltaMs below 0                        |
 * | BROWNOUT_UNSAFE_INLINE_SCRIPT | BrownoutRangeError | script text that would end an inline `<script>` early                |
 * | BROWNOUT_PROVIDER_ENDPOINT    | BrownoutTypeError  | a scenario provider the backend has no endpoint for                  |
 * | BROWNOUT_GATEWAY_COMMAND      | BrownoutRangeError | a gateway command with a `{placeholder}` brownout does not fill in   |
 * | BROWNOUT_TARGET_CMD           | BrownoutTypeError  | `--target-cmd` on a backend other than the fault server, or with no gateway running |
 * | BROWNOUT_TARGET_HEADERS       | BrownoutTypeError  | BROWNOUT_TARGET_HEADERS that is not a JSON object                    |
 *
 * Left without a code on purpose: errors that imitate the wire (faults/backends/network-error.ts
 * builds undici's `fetch failed` / `terminated` with its own codes, as a client would see them)
 * and abort reasons (`client disconnected`, `probe timed out`, ...), which the router classifies
 * by their shape and never reach a caller as brownout's own error.
 */

export const BROWNOUT_ERROR_CODES = [
  'BROWNOUT_CORRELATION_KEY',
  'BROWNOUT_UPSTREAM_RECORD_CAP',
  'BROWNOUT_CASSETTE_MODE',
  'BROWNOUT_QUANTILE_INPUT',
  'BROWNOUT_PROPERTY_UNKNOWN',
  'BROWNOUT_DIFF_OPTIONS',
  'BROWNOUT_UNSAFE_INLINE_SCRIPT',
  'BROWNOUT_PROVIDER_ENDPOINT',
  'BROWNOUT_GATEWAY_COMMAND',
  'BROWNOUT_TARGET_CMD',
  'BROWNOUT_TARGET_HEADERS',
] as const;
export type BrownoutErrorCode = (typeof BROWNOUT_ERROR_CODES)[number];

/** A value out of the range brownout takes. A RangeError, as before it had a code. */
export class BrownoutRangeError extends RangeError {
  override readonly name = 'BrownoutRangeError';
  constructor(
    readonly code: BrownoutErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A value of a kind brownout does not take, or a call it cannot honour. A TypeError, as before. */
export class BrownoutTypeError extends TypeError {
  override readonly name = 'BrownoutTypeError';
  constructor(
    readonly code: BrownoutErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** True for a {@link BrownoutRangeError} or {@link BrownoutTypeError} (with `code`, when given), from any copy of the package. */
export function isBrownoutError(
  error: unknown,
  code?: BrownoutErrorCode,
): error is BrownoutRangeError | BrownoutTypeError {
  if (typeof error !== 'object' || error === null) return false;
  const actual = (error as { code?: unknown }).code;
  return code === undefined ? BROWNOUT_ERROR_CODES.includes(actual as BrownoutErrorCode) : actual === code;
}
