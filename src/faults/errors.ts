/**
 * Errors of the fault layer. Each carries a stable `code` and `name`; the type guards check the
 * code, not `instanceof`, so they hold across two copies of the package.
 *
 * | code                          | when                                                        |
 * | ----------------------------- | ----------------------------------------------------------- |
 * | BROWNOUT_FAULT_INVALID        | a fault, fault list or phase list does not validate          |
 * | BROWNOUT_FAULT_UNSUPPORTED    | a backend cannot produce a fault (see the backend matrix)   |
 * | BROWNOUT_BACKEND_CONFLICT     | MSW and nock would be active in one process                 |
 * | BROWNOUT_INJECTOR_STATE       | an injector is used before `start()` or started twice       |
 *
 * A bad argument (a correlation key, an upstream record cap, a cassette mode) is a
 * `BrownoutRangeError` / `BrownoutTypeError` with its own code: see src/errors.ts.
 */

/** One validation problem: where (`faults[2].probability`) and what (`must be in the range [0, 1], got 1.5`). */
export interface FaultIssue {
  path: string;
  message: string;
}

/** A fault (or list, or phase list) that does not validate. `message` lists every issue, one a line. */
export class FaultValidationError extends Error {
  readonly code = 'BROWNOUT_FAULT_INVALID';
  override readonly name = 'FaultValidationError';
  constructor(readonly issues: readonly FaultIssue[]) {
    super(issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('\n'));
  }
}

/** A fault the chosen backend cannot produce; `reason` says why and which backend can. */
export class UnsupportedFaultError extends Error {
  readonly code = 'BROWNOUT_FAULT_UNSUPPORTED';
  override readonly name = 'UnsupportedFaultError';
  constructor(
    readonly backend: string,
    readonly variant: string,
    readonly reason: string,
    where: string,
  ) {
    super(`${where}: the ${backend} backend cannot produce ${variant}: ${reason}`);
  }
}

/** Two in-process interceptors (MSW and nock) would be active at once. */
export class BackendConflictError extends Error {
  readonly code = 'BROWNOUT_BACKEND_CONFLICT';
  override readonly name = 'BackendConflictError';
}

/** An injector used in the wrong state (e.g. endpoints of a server that has not started). */
export class InjectorStateError extends Error {
  readonly code = 'BROWNOUT_INJECTOR_STATE';
  override readonly name = 'InjectorStateError';
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** True for a {@link FaultValidationError}, from any copy of the package. */
export function isFaultValidationError(error: unknown): error is FaultValidationError {
  return hasCode(error, 'BROWNOUT_FAULT_INVALID');
}

/** True for an {@link UnsupportedFaultError}, from any copy of the package. */
export function isUnsupportedFaultError(error: unknown): error is UnsupportedFaultError {
  return hasCode(error, 'BROWNOUT_FAULT_UNSUPPORTED');
}
