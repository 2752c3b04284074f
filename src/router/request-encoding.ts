import { RouterError } from './errors.ts';
import type { ChatRequest } from './types.ts';

/**
 * How deep a request body may nest. OpenAI's own messages nest a handful of levels (tool
 * schemas a few dozen); a limit far below V8's recursion depth keeps every later
 * `JSON.stringify` of the body (ours, a provider client's) from overflowing the stack.
 */
export const MAX_REQUEST_DEPTH = 64;

/**
 * Checks, before any provider is tried, that a request can be sent at all: it must be an object
 * with a non-empty `messages` array, nest no deeper than {@link MAX_REQUEST_DEPTH}, and encode
 * as JSON (no BigInt, no cycle, no throwing `toJSON`). A request that cannot be encoded is the
 * caller's fault: `bad-request`, with no attempt made and no circuit breaker moved.
 *
 * @example
 * assertEncodable({ messages: [{ role: 'user', content: 10n }] }); // throws RouterError bad-request
 */
export function assertEncodable(request: ChatRequest): void {
  if (
    typeof request !== 'object' ||
    request === null ||
    !Array.isArray(request.messages) ||
    request.messages.length === 0
  ) {
    throw badRequest('the request needs a non-empty `messages` array');
  }
  const depth = nestingDepth(request, MAX_REQUEST_DEPTH);
  if (depth > MAX_REQUEST_DEPTH) {
    throw badRequest(`the request nests deeper than ${MAX_REQUEST_DEPTH} levels: it cannot be sent`);
  }
  try {
    JSON.stringify(request);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw badRequest(`the request cannot be encoded as JSON (${why})`, error);
  }
}

function badRequest(message: string, cause?: unknown): RouterError {
  return new RouterError('bad-request', message, {
    attempts: [],
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * The nesting depth of a value, walked without recursion and given up once past `limit`
 * (so a 100,000-deep body costs `limit` steps, not a stack overflow). A cycle counts as
 * infinitely deep.
 */
function nestingDepth(value: unknown, limit: number): number {
  const stack: Array<{ value: unknown; depth: number; path: Set<unknown> }> = [
    { value, depth: 0, path: new Set() },
  ];
  let deepest = 0;
  while (stack.length > 0) {
    const { value: current, depth, path } = stack.pop() as (typeof stack)[number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > limit || path.has(current)) return limit + 1;
    deepest = Math.max(deepest, depth + 1);
    const next = new Set(path).add(current);
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1, path: next });
  }
  return deepest;
}
