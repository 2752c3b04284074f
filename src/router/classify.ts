import { type ErrorClass, ProviderError } from './errors.ts';
import { type HeaderGetter, parseRetryAfterMs } from './retry-after.ts';

/**
 * Turns a non-2xx provider answer into a classified `ProviderError`. Works on the status,
 * headers and the body as both providers send them: OpenAI's `{ error: { message, type, code } }`
 * and Hugging Face's `{ error: "..." }` or `{ error: { message } }`, with `estimated_time` on a loading model.
 */
export function classifyHttpError(
  provider: string,
  status: number,
  header: HeaderGetter,
  body: unknown,
): ProviderError {
  const info = readErrorBody(body);
  const requestId = header('x-request-id');
  const base = {
    provider,
    status,
    cause: body,
    ...(requestId === undefined ? {} : { requestId }),
  };
  const say = (what: string) =>
    `${provider} answered ${status} (${what})${info.message ? `: ${info.message}` : ''}`;

  if (status === 429) {
    if (info.code === 'insufficient_quota') {
      // A quota is not a rate: waiting will not help, another provider might.
      return new ProviderError('auth', say('quota exhausted'), { ...base, detail: 'insufficient_quota' });
    }
    const retryAfterMs = parseRetryAfterMs(header);
    return new ProviderError('rate-limited', say('rate limited'), {
      ...base,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status === 401 || status === 403) return new ProviderError('auth', say('not authorized'), base);
  if (status === 404) return new ProviderError('model-missing', say('model not found'), base);
  if (status === 408) return new ProviderError('timeout', say('request timeout'), base);
  if (status === 503 && info.estimatedTimeS !== undefined) {
    return new ProviderError('unavailable', say('model loading'), {
      ...base,
      detail: 'model-loading',
      retryAfterMs: info.estimatedTimeS * 1000,
    });
  }
  if (status >= 500) {
    const retryAfterMs = parseRetryAfterMs(header);
    return new ProviderError('unavailable', say('server error'), {
      ...base,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (
    status === 400 &&
    (info.code === 'model_not_supported' ||
      (info.code === undefined && /model .*not supported/i.test(info.message ?? '')))
  ) {
    // Hugging Face's router answers a model no provider serves with a 400: missing, judged from the body.
    return new ProviderError('model-missing', say('model not supported'), {
      ...base,
      detail: 'not-supported',
    });
  }
  if (status >= 400 && status < 500) {
    // The provider's own code (`context_length_exceeded`, `content_policy_violation`) travels as the detail.
    return new ProviderError('bad-request', say('rejected the request'), {
      ...base,
      ...(info.code === undefined ? {} : { detail: info.code }),
    });
  }
  return new ProviderError('malformed', say('unexpected status'), base);
}

interface ErrorBodyInfo {
  message?: string;
  code?: string;
  estimatedTimeS?: number;
}

function readErrorBody(body: unknown): ErrorBodyInfo {
  if (typeof body === 'string') return body === '' ? {} : { message: body.slice(0, 500) };
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const info: ErrorBodyInfo = {};
  if (typeof record.estimated_time === 'number') info.estimatedTimeS = record.estimated_time;
  const error = record.error;
  if (typeof error === 'string') info.message = error;
  else if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    if (typeof e.message === 'string') info.message = e.message;
    if (typeof e.code === 'string') info.code = e.code;
  } else if (typeof record.message === 'string') info.message = record.message;
  return info;
}

/** Parses an error body as JSON when it is JSON, else keeps the text. */
export function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNRESET: 'reset',
  UND_ERR_SOCKET: 'reset',
  EPIPE: 'reset',
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  ETIMEDOUT: 'connect-timeout',
  ECONNABORTED: 'reset',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  UND_ERR_CLOSED: 'reset',
  UND_ERR_CONNECT_TIMEOUT: 'connect-timeout',
};

/**
 * Classifies a thrown transport error by its type and `code` (or its cause's), never by
 * message text: fetch wraps socket errors in `TypeError('fetch failed')` with a `cause`.
 */
export function classifyThrown(
  provider: string,
  error: unknown,
  fallback: ErrorClass = 'network',
): ProviderError {
  if (error instanceof ProviderError) return error;
  const code = errorCode(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new ProviderError('timeout', `${provider}: ${code}`, { provider, detail: code, cause: error });
  }
  if (code !== undefined && code in NETWORK_CODES) {
    return new ProviderError('network', `${provider}: connection failed (${code})`, {
      provider,
      detail: NETWORK_CODES[code] as string,
      cause: error,
    });
  }
  if (error instanceof SyntaxError) {
    return new ProviderError('malformed', `${provider}: unparseable body`, {
      provider,
      detail: 'invalid-json',
      cause: error,
    });
  }
  if (error instanceof TypeError) {
    // fetch's network failure (MSW's HttpResponse.error() has no cause) or a body cut mid-way.
    return new ProviderError('network', `${provider}: network error`, {
      provider,
      detail: code ?? 'fetch',
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(fallback, `${provider}: ${message}`, { provider, cause: error });
}

/**
 * Whether a thrown error came from the transport (a socket error code, a header or body timeout,
 * an abort), as opposed to our own code: only those may count against a provider.
 */
export function isWireError(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && (code in NETWORK_CODES || code.startsWith('UND_ERR_'))) return true;
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
