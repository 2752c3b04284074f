import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { classifyHttpError, classifyThrown, parseErrorBody } from '../../src/router/classify.ts';
import { isProviderError, ProviderError } from '../../src/router/errors.ts';
import { fixtureJson } from './support/fixtures.ts';

const noHeaders = () => undefined;
const headersOf =
  (headers: Record<string, string>) =>
  (name: string): string | undefined =>
    headers[name];

describe('classifyHttpError: OpenAI error bodies', () => {
  const cases: Array<[number, string, string, string | undefined]> = [
    // A 400 keeps the provider's own code as the detail: the reason reaches the caller.
    [400, 'openai/errors/400-bad-request.json', 'bad-request', 'invalid_type'],
    [400, 'openai/errors/400-context-length-exceeded.json', 'bad-request', 'context_length_exceeded'],
    [400, 'openai/errors/400-content-policy-violation.json', 'bad-request', 'content_policy_violation'],
    [401, 'openai/errors/401-invalid-api-key.json', 'auth', undefined],
    [403, 'openai/errors/403-unsupported-region.json', 'auth', undefined],
    [404, 'openai/errors/404-model-not-found.json', 'model-missing', undefined],
    [429, 'openai/errors/429-insufficient-quota.json', 'auth', 'insufficient_quota'],
    [500, 'openai/errors/500-server-error.json', 'unavailable', undefined],
    [502, 'openai/errors/502-bad-gateway.json', 'unavailable', undefined],
    [503, 'openai/errors/503-overloaded.json', 'unavailable', undefined],
    [504, 'openai/errors/504-timeout.json', 'unavailable', undefined],
  ];
  it.each(cases)('%i %s → %s', (status, fixture, code, detail) => {
    const body = fixtureJson<{ error: { message: string } }>(fixture);
    const error = classifyHttpError('openai', status, noHeaders, body);
    expect(error).toBeInstanceOf(ProviderError);
    expect(isProviderError(error)).toBe(true);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.provider).toBe('openai');
    expect(error.detail).toBe(detail);
    // The provider's own words reach the message.
    expect(error.message).toContain(body.error.message.slice(0, 30));
  });

  it('429 rate limit carries retryAfterMs from the headers and the request id', () => {
    const error = classifyHttpError(
      'openai',
      429,
      headersOf({
        'retry-after': '2',
        'x-request-id': 'req_abc123',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '120ms',
      }),
      fixtureJson('openai/errors/429-rate-limit.json'),
    );
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(2000);
    expect(error.requestId).toBe('req_abc123');
  });

  it('429 with only x-ratelimit-reset-* headers takes the exhausted budget', () => {
    const error = classifyHttpError(
      'openai',
      429,
      headersOf({
        'x-ratelimit-remaining-requests': '499',
        'x-ratelimit-reset-requests': '6m0s',
        'x-ratelimit-remaining-tokens': '0',
        'x-ratelimit-reset-tokens': '12ms',
      }),
      fixtureJson('openai/errors/429-rate-limit.json'),
    );
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(12);
  });

  it('429 without any wait header has no retryAfterMs', () => {
    const error = classifyHttpError(
      'openai',
      429,
      noHeaders,
      fixtureJson('openai/errors/429-rate-limit.json'),
    );
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('a 5xx with Retry-After keeps it', () => {
    const error = classifyHttpError(
      'openai',
      503,
      headersOf({ 'retry-after': '3' }),
      fixtureJson('openai/errors/503-overloaded.json'),
    );
    expect(error.code).toBe('unavailable');
    expect(error.retryAfterMs).toBe(3000);
  });
});

describe('classifyHttpError: Hugging Face error bodies (both shapes)', () => {
  const cases: Array<[number, string, string, string | undefined]> = [
    // { "error": "..." }
    [401, 'huggingface/errors/401-invalid-token.json', 'auth', undefined],
    [429, 'huggingface/errors/429-rate-limit.json', 'rate-limited', undefined],
    [400, 'huggingface/errors/router-400-not-supported.json', 'model-missing', 'not-supported'],
    [400, 'huggingface/errors/router-400-model-not-supported.json', 'model-missing', 'not-supported'],
    [404, 'huggingface/errors/hub-404-repo-not-found.json', 'model-missing', undefined],
    // { "error": { "message": ... } }
    [500, 'huggingface/errors/500-server-error.json', 'unavailable', undefined],
    [404, 'huggingface/errors/router-404-model-not-found.json', 'model-missing', undefined],
  ];
  it.each(cases)('%i %s → %s', (status, fixture, code, detail) => {
    const body = fixtureJson<{ error: string | { message: string } }>(fixture);
    const error = classifyHttpError('huggingface', status, noHeaders, body);
    expect(error.code).toBe(code);
    expect(error.detail).toBe(detail);
    const message = typeof body.error === 'string' ? body.error : body.error.message;
    expect(error.message).toContain(message);
  });

  it('503 model loading → unavailable, detail model-loading, retryAfterMs from estimated_time', () => {
    const error = classifyHttpError(
      'huggingface',
      503,
      noHeaders,
      fixtureJson('huggingface/errors/503-model-loading.json'),
    );
    expect(error.code).toBe('unavailable');
    expect(error.detail).toBe('model-loading');
    expect(error.retryAfterMs).toBe(20_000);
  });

  it('a plain 400 string that is not about the model is the caller’s fault', () => {
    const error = classifyHttpError('huggingface', 400, noHeaders, { error: 'Input validation error' });
    expect(error.code).toBe('bad-request');
  });
});

describe('classifyHttpError: every status class', () => {
  const cases: Array<[number, string]> = [
    [301, 'malformed'],
    [304, 'malformed'],
    [400, 'bad-request'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'model-missing'],
    [408, 'timeout'],
    [409, 'bad-request'],
    [422, 'bad-request'],
    [429, 'rate-limited'],
    [500, 'unavailable'],
    [501, 'unavailable'],
    [502, 'unavailable'],
    [503, 'unavailable'],
    [504, 'unavailable'],
    [529, 'unavailable'],
  ];
  it.each(cases)('%i → %s (empty or text body)', (status, code) => {
    expect(classifyHttpError('p', status, noHeaders, '').code).toBe(code);
    expect(classifyHttpError('p', status, noHeaders, '<html>oops</html>').code).toBe(code);
  });

  it('keeps a text body in the message and the raw body as the cause', () => {
    const error = classifyHttpError('p', 502, noHeaders, '<html>Bad gateway</html>');
    expect(error.message).toContain('<html>Bad gateway</html>');
    expect(error.cause).toBe('<html>Bad gateway</html>');
  });

  it('parseErrorBody keeps JSON as JSON and anything else as text', () => {
    expect(parseErrorBody('{"error":"x"}')).toEqual({ error: 'x' });
    expect(parseErrorBody('not json')).toBe('not json');
  });
});

/** The shape undici's fetch throws on a socket error: TypeError('fetch failed') with a coded cause. */
function fetchFailed(code: string): TypeError {
  const cause = Object.assign(new Error(`socket error ${code}`), { code });
  return new TypeError('fetch failed', { cause });
}

describe('classifyThrown', () => {
  const network: Array<[string, string]> = [
    ['ECONNRESET', 'reset'],
    ['ECONNREFUSED', 'refused'],
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['UND_ERR_SOCKET', 'reset'],
    ['EPIPE', 'reset'],
  ];
  it.each(network)('fetch failed with cause.code %s → network (%s)', (code, detail) => {
    const error = classifyThrown('openai', fetchFailed(code));
    expect(error.code).toBe('network');
    expect(error.detail).toBe(detail);
    expect(error.provider).toBe('openai');
  });

  it.each(network)('a bare error with code %s (undici request()) → network (%s)', (code, detail) => {
    const error = classifyThrown('openai', Object.assign(new Error('x'), { code }));
    expect(error.code).toBe('network');
    expect(error.detail).toBe(detail);
  });

  it('classifies by code, never by message text', () => {
    const misleading = Object.assign(new Error('ECONNREFUSED while parsing JSON'), { code: 'ECONNRESET' });
    expect(classifyThrown('p', misleading).detail).toBe('reset');
    expect(classifyThrown('p', new Error('ECONNRESET')).detail).toBeUndefined();
  });

  it('undici header and body timeouts → timeout', () => {
    expect(classifyThrown('p', Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' })).code).toBe(
      'timeout',
    );
    expect(classifyThrown('p', fetchFailed('UND_ERR_BODY_TIMEOUT')).code).toBe('timeout');
  });

  it('MSW’s HttpResponse.error() (a TypeError with no cause) → network', () => {
    const error = classifyThrown('p', new TypeError('Failed to fetch'));
    expect(error.code).toBe('network');
    expect(error.detail).toBe('fetch');
  });

  it('an unparseable body → malformed', () => {
    let thrown: unknown;
    try {
      JSON.parse('{"choices": [');
    } catch (e) {
      thrown = e;
    }
    const error = classifyThrown('p', thrown);
    expect(error.code).toBe('malformed');
    expect(error.detail).toBe('invalid-json');
  });

  it('returns an already classified error as it is', () => {
    const original = new ProviderError('auth', 'nope', { provider: 'p', status: 401 });
    expect(classifyThrown('other', original)).toBe(original);
  });

  it('anything else takes the fallback class', () => {
    expect(classifyThrown('p', new Error('boom')).code).toBe('network');
    expect(classifyThrown('p', new Error('boom'), 'stream-interrupted').code).toBe('stream-interrupted');
    expect(classifyThrown('p', 'a string').message).toContain('a string');
  });

  it('a real refused connection through fetch → network (refused)', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const thrown = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    const error = classifyThrown('p', thrown);
    expect(error.code).toBe('network');
    expect(error.detail).toBe('refused');
  });
});
