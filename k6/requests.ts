/**
 * One chat completion per iteration, JSON or streamed, and what each answer says about the route:
 * which provider served it (a custom Rate of fallback answers) and how long the failover took (a
 * custom Trend), from brownout's route headers when the target sends them.
 */
import { check } from 'k6';
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { Rate, Trend } from 'k6/metrics';
import type { LoadConfig } from './config.ts';

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

function recordRoute(res: RefinedResponse<ResponseType | undefined>, config: LoadConfig): void {
  const provider = header(res, PROVIDER_HEADER);
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
  return {
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    timeout: `${config.requestTimeoutS}s`,
    tags: { kind, name: `chat.completions ${kind}` },
  };
}

function body(config: LoadConfig, stream: boolean): string {
  return JSON.stringify({
    model: config.model,
    messages: [{ role: 'user', content: 'Say hello in five words.' }],
    max_tokens: config.maxTokens,
    ...(stream ? { stream: true } : {}),
  });
}

export function chat(config: LoadConfig): void {
  const res = http.post(`${config.target}/chat/completions`, body(config, false), params(config, 'json'));
  recordRoute(res, config);
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
  const res = http.post(`${config.target}/chat/completions`, body(config, true), params(config, 'stream'));
  recordRoute(res, config);
  const text = typeof res.body === 'string' ? res.body : '';
  const complete = res.status === 200 && text.includes('data: [DONE]') && !ERROR_EVENT.test(text);
  streamComplete.add(complete);
  check(res, {
    'status 200': (r) => r.status === 200,
    'stream ends with [DONE], no error event': () => complete,
  });
}
