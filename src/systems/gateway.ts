import OpenAI from 'openai';
import { BrownoutTypeError } from '../errors.ts';
import { decodeRouteHeaders } from '../gateway/route-headers.ts';
import { parseRetryAfterHeaderMs } from '../router/retry-after.ts';
import { validateChunk, validateCompletion } from '../router/schema.ts';
import { errorFacts, keepErrorFacts } from './error-facts.ts';
import type { ObservedRoute, SystemFactory, SystemUnderTest } from './system-under-test.ts';

/**
 * Reads the route a gateway reports in its response headers (brownout's own gateway does; any
 * gateway can: `x-brownout-provider` and `x-brownout-route: {"attempts": [...]}`). A gateway that
 * reports nothing is a black box: the history then holds what the client saw, without attempts.
 */
export function routeFromHeaders(headers: Headers | undefined): ObservedRoute {
  const { startedAt: _, ...route } = decodeRouteHeaders(headers);
  return route;
}

/** Wall-clock ms, sub-ms precise (the clock of a gateway's `startedAt`). */
function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Places a gateway's attempts on the caller's timeline. Their `startMs` count from when the
 * gateway began the request, which is later than when the caller sent it; across concurrent
 * requests that offset differs, enough to misorder an attempt and another request's Retry-After.
 * brownout's gateway reports `startedAt` (epoch ms) in its route header; on one machine's clock the
 * offset is `startedAt - sentAt`, kept within [0, time until the answer] against clock skew.
 */
export function alignRoute(
  route: ObservedRoute,
  headers: Headers | undefined,
  sentAt: number,
  answeredAt: number,
): ObservedRoute {
  if (!route.attempts?.length) return route;
  const { startedAt } = decodeRouteHeaders(headers);
  if (startedAt === undefined) return route;
  const offset = Math.min(Math.max(0, startedAt - sentAt), Math.max(0, answeredAt - sentAt));
  if (offset === 0) return route;
  return { ...route, attempts: route.attempts.map((a) => ({ ...a, startMs: a.startMs + offset })) };
}

/** The route of an answer, or of a failure, on the caller's timeline. */
function observed(headers: Headers | undefined, sentAt: number): ObservedRoute {
  return alignRoute(routeFromHeaders(headers), headers, sentAt, epochMs());
}

/** The wait a 429 or 503 advertised, in ms: `retry-after-ms`, else `retry-after` (seconds or an HTTP date). */
export function retryAfterFromHeaders(headers: Headers | undefined): number | undefined {
  return headers === undefined
    ? undefined
    : parseRetryAfterHeaderMs((name) => headers.get(name) ?? undefined);
}

/**
 * Errors from the SDK, with the gateway's typed code lifted out of the OpenAI error body (or the
 * SSE error event of a broken stream). The SDK's own failures keep their nature: the caller went
 * away (`aborted`), or the connection failed before any answer (`network`). The SDK is the
 * runner's client, not the system's: only what the gateway sent (its status, its error body) is
 * kept as the error's facts, never the client's class names.
 */
function typed(error: unknown, sentAt: number): unknown {
  if (error instanceof OpenAI.APIUserAbortError)
    return keepErrorFacts(Object.assign(new Error(error.message), { code: 'aborted' }), {});
  if (error instanceof OpenAI.APIConnectionError)
    return keepErrorFacts(Object.assign(new Error(error.message), { code: 'network' }), {});
  if (error instanceof OpenAI.APIError) {
    const code =
      typeof error.code === 'string' && error.code ? error.code : `http-${error.status ?? 'error'}`;
    const headers = error.headers as Headers | undefined;
    const route = observed(headers, sentAt);
    const retryAfterMs = retryAfterFromHeaders(headers);
    const { reason } = errorFacts(error);
    const wrapper = Object.assign(new Error(error.message), {
      code,
      ...(error.status === undefined ? {} : { status: error.status }),
      attempts: route.attempts ?? [],
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
    return keepErrorFacts(wrapper, reason === undefined ? {} : { reason });
  }
  return typeof error === 'object' && error !== null ? keepErrorFacts(error, {}) : error;
}

/** The environment variable that adds headers to every request `--target` sends: a JSON object. */
export const TARGET_HEADERS_ENV = 'BROWNOUT_TARGET_HEADERS';

/**
 * Headers for every request to the target, from `BROWNOUT_TARGET_HEADERS` (a JSON object of
 * header names to strings), or from `variable` (a scorecard gives each gateway its own). Some
 * gateways route by request header: Portkey reads its routing config from `x-portkey-config` and
 * refuses a request without it or `x-portkey-provider`.
 */
export function targetHeadersFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  variable: string = TARGET_HEADERS_ENV,
): Record<string, string> {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    // V8's message quotes the text it could not parse, and the text may hold a key: keep the position only.
    const at = /position \d+/.exec((error as Error).message)?.[0];
    throw new BrownoutTypeError(
      'BROWNOUT_TARGET_HEADERS',
      `${variable} must be a JSON object of header names to strings: it is not valid JSON${at ? ` (at ${at})` : ''}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    // Only the JSON's shape is quoted: a value may hold a key.
    const shape = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`;
    throw new BrownoutTypeError(
      'BROWNOUT_TARGET_HEADERS',
      `${variable} must be a JSON object of header names to strings, got ${shape}`,
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    // A config object (Portkey's) may be given as JSON rather than as a string holding JSON.
    headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return headers;
}

export interface GatewayTargetOptions {
  /** Sent with every request (default: from `BROWNOUT_TARGET_HEADERS`). */
  headers?: Record<string, string>;
  /**
   * Ignore the route headers a gateway sends (`x-brownout-route`): judge it as a black box, from
   * what the caller saw and the fake providers' upstream record only.
   */
  blackBox?: boolean;
}

/**
 * `brownout run --target URL`: the system under test is any OpenAI-compatible gateway, driven
 * with the official `openai` SDK (no SDK retries: the gateway's own behaviour is what is tested).
 * URL is the gateway's base, with or without `/v1`.
 */
export function gatewaySystemFactory(target: string, options: GatewayTargetOptions = {}): SystemFactory {
  const baseURL = target.replace(/\/+$/, '').replace(/(\/v1)?$/, '/v1');
  const headers = options.headers ?? targetHeadersFromEnv();
  const see = (h: Headers | undefined, sentAt: number): ObservedRoute =>
    options.blackBox ? {} : observed(h, sentAt);
  const typedError = (error: unknown, sentAt: number): unknown => {
    const e = typed(error, sentAt);
    if (options.blackBox && typeof e === 'object' && e !== null && 'attempts' in e)
      (e as { attempts: unknown[] }).attempts = [];
    return e;
  };
  // The runner validates every answer against the official schema, and the fault server shares its
  // process: compiling the validators on the first answer would stall the fault server for hundreds
  // of ms, long enough for a gateway's short attempt timeouts to fire. Compile them before traffic.
  validateCompletion({});
  validateChunk({});
  return ({ credentials }): SystemUnderTest => {
    const client = new OpenAI({
      baseURL,
      apiKey: credentials.openaiKey,
      maxRetries: 0,
      timeout: 600_000,
      defaultHeaders: headers,
    });
    return {
      async chat(request, signal) {
        const sentAt = epochMs();
        try {
          const { data, response } = await client.chat.completions
            .create({ ...request, model: request.model ?? 'gpt-4o-mini', stream: false }, { signal })
            .withResponse();
          return { completion: data, route: see(response.headers, sentAt) };
        } catch (error) {
          throw typedError(error, sentAt);
        }
      },
      stream(request, signal) {
        let route: ObservedRoute = {};
        return {
          route: () => route,
          async *[Symbol.asyncIterator]() {
            const sentAt = epochMs();
            try {
              const { data, response } = await client.chat.completions
                .create({ ...request, model: request.model ?? 'gpt-4o-mini', stream: true }, { signal })
                .withResponse();
              route = see(response.headers, sentAt);
              yield* data;
            } catch (error) {
              throw typedError(error, sentAt);
            }
          },
        };
      },
      async close() {},
    };
  };
}
