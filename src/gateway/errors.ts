import { isRouterError, type RouterErrorCode } from '../router/errors.ts';

const STATUS: Record<RouterErrorCode, number> = {
  'rate-limited': 429,
  'no-provider-available': 503,
  'all-providers-failed': 502,
  'deadline-exceeded': 504,
  aborted: 499,
  'bad-request': 400,
  'stream-interrupted': 502,
};

/** An error as the gateway answers it: OpenAI's error body, a status, and Retry-After where known. */
export interface GatewayError {
  status: number;
  headers: Record<string, string>;
  body: { error: { message: string; type: string; param: null; code: string } };
}

/** Maps a router failure to the HTTP answer an OpenAI client understands (its SDK raises the right class). */
export function toGatewayError(error: unknown): GatewayError {
  if (isRouterError(error)) {
    const headers: Record<string, string> = {};
    if (error.retryAfterMs !== undefined) {
      headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
      headers['retry-after-ms'] = String(error.retryAfterMs);
    }
    return {
      status: STATUS[error.code],
      headers,
      body: {
        error: {
          message: error.message,
          type: error.code === 'bad-request' ? 'invalid_request_error' : 'server_error',
          param: null,
          code: error.code,
        },
      },
    };
  }
  return {
    status: 500,
    headers: {},
    body: {
      error: { message: 'internal gateway error', type: 'server_error', param: null, code: 'internal' },
    },
  };
}
