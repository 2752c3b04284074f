/**
 * The route of an answer, in response headers: the gateway encodes it, and a client (`brownout run
 * --target`, or any other) decodes it to learn which provider served the request and every attempt,
 * without access to the router. Any gateway may send them; one that sends none is a black box.
 *
 *   x-brownout-provider: huggingface
 *   x-brownout-route: {"attempts":[...],"failoverMs":12.5,"skipped":[],"startedAt":1764500000000.25}
 */
import type { AttemptRecord } from '../router/errors.ts';
import type { Route } from '../router/route.ts';

export const ROUTE_HEADERS = { provider: 'x-brownout-provider', route: 'x-brownout-route' } as const;

/** What a client reads from the route headers; each field only when the gateway sent it well-formed. */
export interface RouteFromHeaders {
  provider?: string;
  attempts?: AttemptRecord[];
  failoverMs?: number;
  /** Providers passed over without an attempt. */
  skipped?: string[];
  /** When the gateway began the request (epoch ms): the attempts' `startMs` count from it. */
  startedAt?: number;
}

/** The headers of an answer the router served: its provider, attempts, failover time and skips. */
export function encodeRouteHeaders(route: Route, startedAt: number | undefined): Record<string, string> {
  return {
    [ROUTE_HEADERS.provider]: route.provider,
    [ROUTE_HEADERS.route]: JSON.stringify({
      attempts: route.attempts,
      failoverMs: route.failoverMs,
      skipped: route.skipped.map((s) => s.provider),
      startedAt,
    }),
  };
}

/** The header of a failure after attempts: which were made (no provider served it). */
export function encodeFailedRouteHeaders(
  attempts: AttemptRecord[],
  startedAt: number | undefined,
): Record<string, string> {
  return { [ROUTE_HEADERS.route]: JSON.stringify({ attempts, startedAt }) };
}

/**
 * Reads the route headers of an answer or an error. A malformed route header is the gateway's
 * business: it yields no route fields, and the answer still counts.
 */
export function decodeRouteHeaders(
  headers: { get(name: string): string | null } | undefined,
): RouteFromHeaders {
  const route: RouteFromHeaders = {};
  const provider = headers?.get(ROUTE_HEADERS.provider);
  if (provider) route.provider = provider;
  const raw = headers?.get(ROUTE_HEADERS.route);
  if (!raw) return route;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return route;
  }
  if (typeof parsed !== 'object' || parsed === null) return route;
  const sent = parsed as { attempts?: unknown; failoverMs?: unknown; skipped?: unknown; startedAt?: unknown };
  if (Array.isArray(sent.attempts)) route.attempts = sent.attempts as AttemptRecord[];
  if (typeof sent.failoverMs === 'number') route.failoverMs = sent.failoverMs;
  if (Array.isArray(sent.skipped)) route.skipped = sent.skipped as string[];
  if (typeof sent.startedAt === 'number' && Number.isFinite(sent.startedAt)) route.startedAt = sent.startedAt;
  return route;
}
