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
  const walk = { plain: true };
  if (walkDepth(request, 1, MAX_REQUEST_DEPTH, walk) > MAX_REQUEST_DEPTH) {
    throw badRequest(`the request nests deeper than ${MAX_REQUEST_DEPTH} levels: it cannot be sent`);
  }
  // Plain JSON data (what a parsed JSON body is) always encodes: no trial encoding needed.
  if (walk.plain) return;
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
 * The nesting depth of `value` (an object at `depth`), given up once past `limit`: the recursion
 * is at most `limit` deep, so a 100,000-deep body costs `limit` steps, not a stack overflow, and a
 * cycle, infinitely deep, ends there too. Clears `walk.plain` on anything JSON.stringify might not
 * encode as it is (a BigInt, a `toJSON`, an object other than a plain object or an array).
 */
function walkDepth(value: object, depth: number, limit: number, walk: { plain: boolean }): number {
  if (depth > limit) return depth;
  if (walk.plain && !isPlain(value)) walk.plain = false;
  let deepest = depth;
  // Object.values for arrays too: a sparse array's holes are skipped, not walked one by one.
  const children = Object.values(value);
  for (let i = 0; i < children.length; i++) {
    const child: unknown = children[i];
    if (typeof child === 'object' && child !== null) {
      const reached = walkDepth(child, depth + 1, limit, walk);
      if (reached > limit) return reached;
      if (reached > deepest) deepest = reached;
    } else if (typeof child === 'bigint') walk.plain = false;
  }
  return deepest;
}

function isPlain(value: object): boolean {
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || proto === Array.prototype;
}
