/**
 * What an error the caller received says about itself, as opposed to the `code` brownout derives
 * when it says nothing: its class, and the machine-readable reason it carried. fail-fast judges a
 * black box by these (a typed SDK error, an error body), never by brownout's own codes.
 */

/** The machine-readable reason an error carried itself: an OpenAI-style error body's `type` and `code`. */
export interface ErrorReason {
  type?: string;
  code?: string;
}

export interface ErrorFacts {
  /** The error's class (or its `name` when the class is generic), e.g. `APIError`, `APICallError`, `TypeError`. */
  name?: string;
  reason?: ErrorReason;
}

/** Where a wrapper keeps the facts of the error it wraps (a wrapper's own class and code say nothing). */
export const ERROR_FACTS = 'errorFacts';

/** Classes that name no error of their own: the name (e.g. `AbortError` on a DOMException) says more. */
const GENERIC_CLASSES = new Set(['Error', 'Object', 'DOMException']);

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The error body's `type` and `code`: the body itself (`APIError.error`), else the error's own
 * fields. A body's numeric code counts (some gateways send `"code": 500`); an error's own numeric
 * code does not (a DOMException's legacy `code` 20 says only "AbortError", which its name says).
 */
function reasonOf(error: Record<string, unknown>): ErrorReason | undefined {
  const body =
    typeof error.error === 'object' && error.error !== null
      ? (error.error as Record<string, unknown>)
      : undefined;
  const bodyCode =
    typeof body?.code === 'number' && Number.isFinite(body.code) ? String(body.code) : undefined;
  const type = text(body?.type) ?? text(error.type);
  const code = text(body?.code) ?? bodyCode ?? text(error.code);
  if (type === undefined && code === undefined) return undefined;
  return { ...(type === undefined ? {} : { type }), ...(code === undefined ? {} : { code }) };
}

/**
 * The facts of `error` as the caller received it. A wrapper that already recorded the facts of the
 * error it wraps (under `errorFacts`) gives those.
 *
 * @example errorFacts(new OpenAI.APIError(undefined, { message: 'x', type: 'server_error' }, undefined, undefined))
 * // { name: 'APIError', reason: { type: 'server_error' } }
 */
export function errorFacts(error: unknown): ErrorFacts {
  if (typeof error !== 'object' || error === null) return {};
  const e = error as Record<string, unknown>;
  const kept = e[ERROR_FACTS];
  if (typeof kept === 'object' && kept !== null) return kept as ErrorFacts;
  const className = (error as { constructor?: { name?: unknown } }).constructor?.name;
  const own = typeof className === 'string' && className !== '' ? className : undefined;
  const named = text(e.name);
  const name = own === undefined || GENERIC_CLASSES.has(own) ? (named ?? own) : own;
  const reason = reasonOf(e);
  return { ...(name === undefined ? {} : { name }), ...(reason === undefined ? {} : { reason }) };
}

/** Records `facts` on a wrapper error, for the runner to read instead of the wrapper's own. */
export function keepErrorFacts<E extends object>(wrapper: E, facts: ErrorFacts): E {
  if (!Object.isExtensible(wrapper) || Object.hasOwn(wrapper, ERROR_FACTS)) return wrapper;
  Object.defineProperty(wrapper, ERROR_FACTS, { value: facts, enumerable: false });
  return wrapper;
}
