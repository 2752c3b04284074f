/**
 * One chat completion per iteration, JSON or streamed, and what each answer says about the route:
 * which provider served it (a custom Rate of fallback answers) and how long the failover took (a
 * custom Trend), from brownout's route headers when the target sends them.
 */
import { check } from 'k6';
import exec from 'k6/execution';
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { Rate, Trend } from 'k6/metrics';
import type { LoadConfig } from './config.ts';
import { correlationKey, echoedProvider, hasHeader, readTargetHeaders } from './target.ts';

/** The target's own headers (`BROWNOUT_TARGET_HEADERS`), read once in the init context. */
const targetHeaders = readTargetHeaders(__ENV.BROWNOUT_TARGET_HEADERS);

/** Answers served by a provider other than the primary (only where the target names the provider). */
export const fallbackServed = new Rate('brownout_fallback_served');
/** ms from a request's start until the serving attempt began, for requests that failed over. */
export const failoverTime = new Trend('brownout_failover_ms', true);
/** Streams that ended with `[DONE]` and no error event. */
export const streamComplete = new Rate('brownout_stream_complete');

/** brownout's gateway route headers (src/gateway/gateway.ts ROUTE_HEADERS). */
const PROVIDER_HEADER = 'x-brownout-provider';
const ROUTE_HEADER = 'x-brownout-route';

function header(res: RefinedResponse<ResponseType | undefined>, name: string): string | undefined {
  for (const key of Object.keys(res.headers)) if (key.toLowerCase() === name) return res.headers[key];
  return undefined;
}

function recordRoute(res: RefinedResponse<ResponseType | undefined>, config: LoadConfig, key?: string): void {
  // Route headers first (brownout's gateway); else the fake provider's echo in the answer.
  const echoed = key && typeof res.body === 'string' ? echoedProvider(res.body, key) : undefined;
  const provider = header(res, PROVIDER_HEADER) ?? echoed;
  if (!provider || res.status !== 200) return;
  fallbackServed.add(provider !== config.primary);
  const route = header(res, ROUTE_HEADER);
  if (!route) return;
  try {
    const parsed = JSON.parse(route) as { failoverMs?: number; attempts?: unknown[] };
    const failedOver = provider !== config.primary || (parsed.attempts?.length ?? 0) > 1;
    if (failedOver && typeof parsed.failoverMs === 'number') failoverTime.add(parsed.failoverMs);
  } catch {
    // A route header that is not JSON is not brownout's: the provider header alone counts.
  }
}

function params(config: LoadConfig, kind: 'json' | 'stream') {
  const key = __ENV.BROWNOUT_TARGET_API_KEY;
  const auth: Record<string, string> =
    key && !hasHeader(targetHeaders, 'authorization') ? { authorization: `Bearer ${key}` } : {};
  return {
    headers: { ...targetHeaders, 'content-type': 'application/json', ...auth },
    timeout: `${config.requestTimeoutS}s`,
    tags: { kind, name: `chat.completions ${kind}` },
  };
}

/** This iteration's correlation key, when the config asks for one. */
function keyFor(config: LoadConfig): string | undefined {
  if (!config.correlate) return undefined;
  return correlationKey(exec.vu.idInTest, exec.vu.iterationInScenario, exec.scenario.name);
}

function body(config: LoadConfig, stream: boolean, key?: string): string {
  const tag = key ? ` [brownout:${key}]` : '';
  return JSON.stringify({
    model: config.model,
    messages: [{ role: 'user', content: `Say hello in five words.${tag}` }],
    max_tokens: config.maxTokens,
    ...(stream ? { stream: true } : {}),
  });
}

export function chat(config: LoadConfig): void {
  const key = keyFor(config);
  const res = http.post(
    `${config.target}/chat/completions`,
    body(config, false, key),
    params(config, 'json'),
  );
  recordRoute(res, config, key);
  check(res, {
    'status 200': (r) => r.status === 200,
    'a chat.completion with choices': (r) => {
      try {
        return (r.json('object') as string) === 'chat.completion' && Array.isArray(r.json('choices'));
      } catch {
        return false;
      }
    },
  });
}

/** An SSE error event as brownout's gateway (and OpenAI) sends it: `data: {"error": ...}`. */
const ERROR_EVENT = /^data: *\{"error"/m;

/**
 * k6 has no SSE client: the whole body is read, then checked. `http_req_waiting` is the time to
 * the first byte; gaps between chunks are not measured.
 */
export function chatStream(config: LoadConfig): void {
  const key = keyFor(config);
  const res = http.post(
    `${config.target}/chat/completions`,
    body(config, true, key),
    params(config, 'stream'),
  );
  recordRoute(res, config, key);
  const text = typeof res.body === 'string' ? res.body : '';
  const complete = res.status === 200 && text.includes('data: [DONE]') && !ERROR_EVENT.test(text);
  streamComplete.add(complete);
  check(res, {
    'status 200': (r) => r.status === 200,
    'stream ends with [DONE], no error event': () => complete,
  });
}
