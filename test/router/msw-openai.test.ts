import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { isRouterError } from '../../src/router/errors.ts';
import { openaiCompatible } from '../../src/router/providers/openai-compatible.ts';
import { validateChunk, validateCompletion } from '../../src/router/schema.ts';
import type { ChatCompletionChunk } from '../../src/router/types.ts';
import { fixtureJson, OPENAI_COMPLETION, OPENAI_STREAM, sseEvents } from './support/fixtures.ts';
import {
  errorResponse,
  HF_CHAT_URL,
  hfProvider,
  huggingfaceHandlers,
  OPENAI_CHAT_URL,
  openaiHandlers,
  openaiProvider,
  sseResponse,
} from './support/msw-handlers.ts';
import { useMswServer } from './support/msw-server.ts';
import { ASK, drain } from './support/router-harness.ts';

const msw = useMswServer([...openaiHandlers(), ...huggingfaceHandlers()]);
const { server } = msw;

/** OpenAI primary, Hugging Face fallback, through the fetch transport MSW intercepts. */
function openaiThenHf(options: { retries?: number } = {}) {
  const router = msw.fetchRouter([openaiProvider(), hfProvider()], {
    attemptTimeoutMs: 5000,
    retry: { maxRetries: options.retries ?? 0 },
    breaker: false,
  });
  return router;
}

function openaiOnly() {
  const router = msw.fetchRouter([openaiProvider()], {
    retry: { maxRetries: 0 },
  });
  return router;
}

function expectValidChunks(chunks: ChatCompletionChunk[]) {
  expect(chunks.length).toBeGreaterThan(0);
  for (const c of chunks) expect(validateChunk(c)).toEqual({ valid: true });
}

const content = (chunks: ChatCompletionChunk[]) =>
  chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');

describe('openai over MSW (fetch transport)', () => {
  it('JSON: a schema-valid completion from the primary, with the right request', async () => {
    let sent: { headers: Headers; body: Record<string, unknown> } | undefined;
    server.use(
      http.post(OPENAI_CHAT_URL, async ({ request }) => {
        sent = { headers: request.headers, body: (await request.json()) as Record<string, unknown> };
        return HttpResponse.json(fixtureJson(OPENAI_COMPLETION));
      }),
    );
    const { completion, route } = await openaiThenHf().chat({ ...ASK, max_tokens: 20, model: 'ignored' });
    expect(validateCompletion(completion)).toEqual({ valid: true });
    expect(completion).toEqual(fixtureJson(OPENAI_COMPLETION));
    expect(route.provider).toBe('openai');
    expect(route.attempts).toEqual([expect.objectContaining({ provider: 'openai', outcome: 'ok' })]);
    expect(sent?.headers.get('authorization')).toBe('Bearer sk-test');
    expect(sent?.body).toMatchObject({ model: 'gpt-4o-mini', stream: false, max_tokens: 20 });
    expect(msw.requests()).toEqual(['POST api.openai.com/v1/chat/completions']);
  });

  it('SSE: every chunk schema-valid, the text whole, ending with a finish_reason', async () => {
    const router = openaiThenHf();
    const stream = router.stream(ASK);
    const { items, error } = await drain(stream);
    expect(error).toBeUndefined();
    expectValidChunks(items);
    expect(content(items)).toBe('Hello! The primary streamed.');
    expect(items.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(new Set(items.map((c) => c.id))).toEqual(new Set(['chatcmpl-BxOK9streamQ1vY0cR8uN4dAb']));
    expect((await stream.done).provider).toBe('openai');
  });

  const failovers: Array<[string, number, string, string]> = [
    ['401 invalid key', 401, 'openai/errors/401-invalid-api-key.json', 'auth'],
    ['403 region', 403, 'openai/errors/403-unsupported-region.json', 'auth'],
    ['404 model', 404, 'openai/errors/404-model-not-found.json', 'model-missing'],
    ['429 quota', 429, 'openai/errors/429-insufficient-quota.json', 'auth'],
    ['500', 500, 'openai/errors/500-server-error.json', 'unavailable'],
    ['502', 502, 'openai/errors/502-bad-gateway.json', 'unavailable'],
    ['503', 503, 'openai/errors/503-overloaded.json', 'unavailable'],
    ['504', 504, 'openai/errors/504-timeout.json', 'unavailable'],
  ];
  it.each(failovers)(
    '%s → %s, served by Hugging Face with a schema-valid completion',
    async (_, status, fixture, code) => {
      server.use(http.post(OPENAI_CHAT_URL, () => errorResponse(status, fixtureJson(fixture))));
      const { completion, route } = await openaiThenHf().chat(ASK);
      expect(validateCompletion(completion)).toEqual({ valid: true });
      expect(route.provider).toBe('huggingface');
      expect(route.attempts.map((t) => [t.provider, t.outcome, t.status])).toEqual([
        ['openai', code, status],
        ['huggingface', 'ok', undefined],
      ]);
    },
  );

  it('429 with rate-limit headers → rate-limited carrying retryAfterMs, then Hugging Face at once', async () => {
    server.use(
      http.post(OPENAI_CHAT_URL, () =>
        errorResponse(429, fixtureJson('openai/errors/429-rate-limit.json'), {
          'x-ratelimit-limit-requests': '500',
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': '120ms',
          'retry-after': '1',
        }),
      ),
    );
    const { route } = await openaiThenHf({ retries: 2 }).chat(ASK);
    expect(route.provider).toBe('huggingface');
    expect(route.attempts[0]).toMatchObject({ outcome: 'rate-limited', status: 429, retryAfterMs: 1000 });
    expect(route.attempts).toHaveLength(2);
  });

  it('400 → bad-request: stops, Hugging Face is never asked', async () => {
    server.use(
      http.post(OPENAI_CHAT_URL, () => errorResponse(400, fixtureJson('openai/errors/400-bad-request.json'))),
    );
    const error = await openaiThenHf()
      .chat(ASK)
      .catch((e: unknown) => e);
    expect(isRouterError(error) && error.code).toBe('bad-request');
    expect(msw.requests().filter((r) => r.includes('huggingface'))).toEqual([]);
  });

  it('a network error (HttpResponse.error) → network → fallback', async () => {
    server.use(http.post(OPENAI_CHAT_URL, () => HttpResponse.error()));
    const { route } = await openaiThenHf().chat(ASK);
    expect(route.attempts.map((t) => t.outcome)).toEqual(['network', 'ok']);
  });

  const malformed: Array<[string, () => Response, string]> = [
    [
      'unparseable JSON',
      () =>
        new HttpResponse('{"id": "chatcmpl-1", "choices": [', {
          headers: { 'content-type': 'application/json' },
        }),
      'invalid-json',
    ],
    [
      'an HTML page with status 200',
      () => HttpResponse.html('<html><body>Welcome to nginx</body></html>'),
      'wrong-content-type',
    ],
    [
      'schema drift: no choices',
      () => {
        const body = fixtureJson(OPENAI_COMPLETION);
        delete body.choices;
        return HttpResponse.json(body);
      },
      'schema-drift',
    ],
    [
      'schema drift: an unknown finish_reason',
      () => {
        const body = fixtureJson<{ choices: Array<{ finish_reason: string }> }>(OPENAI_COMPLETION);
        (body.choices[0] as { finish_reason: string }).finish_reason = 'thinking_too_hard';
        return HttpResponse.json(body);
      },
      'schema-drift',
    ],
    [
      'schema drift: content of the wrong type',
      () => {
        const body = fixtureJson<{ choices: Array<{ message: { content: unknown } }> }>(OPENAI_COMPLETION);
        (body.choices[0] as { message: { content: unknown } }).message.content = 42;
        return HttpResponse.json(body);
      },
      'schema-drift',
    ],
  ];
  it.each(malformed)('%s → malformed → fallback', async (_, respond, detail) => {
    server.use(http.post(OPENAI_CHAT_URL, respond));
    const { completion, route } = await openaiThenHf().chat(ASK);
    expect(validateCompletion(completion)).toEqual({ valid: true });
    expect(route.attempts[0]).toMatchObject({ provider: 'openai', outcome: 'malformed', detail });
    expect(route.provider).toBe('huggingface');
  });

  it('a stream with the wrong content type is malformed and fails over before any chunk', async () => {
    server.use(http.post(OPENAI_CHAT_URL, () => HttpResponse.json(fixtureJson(OPENAI_COMPLETION))));
    const stream = openaiThenHf().stream(ASK);
    const { items, error } = await drain(stream);
    expect(error).toBeUndefined();
    expectValidChunks(items);
    expect(stream.attempts[0]).toMatchObject({ outcome: 'malformed', detail: 'wrong-content-type' });
    expect((await stream.done).provider).toBe('huggingface');
  });

  it('a stream whose first event drifts from the schema fails over invisibly', async () => {
    const events = sseEvents(OPENAI_STREAM);
    events[0] = '{"id":"x","object":"chat.completion.chunk","created":1,"model":"m"}';
    server.use(http.post(OPENAI_CHAT_URL, () => sseResponse(events)));
    const stream = openaiThenHf().stream(ASK);
    const { items, error } = await drain(stream);
    expect(error).toBeUndefined();
    expect(content(items)).toBe('Hello! The fallback streamed.');
    expect(stream.attempts[0]).toMatchObject({ provider: 'openai', outcome: 'malformed' });
  });

  it('a stream that closes mid-way without a finish_reason ends with stream-interrupted', async () => {
    server.use(http.post(OPENAI_CHAT_URL, () => sseResponse(sseEvents(OPENAI_STREAM), { closeAfter: 3 })));
    const stream = openaiThenHf().stream(ASK);
    const { items, error } = await drain(stream);
    expect(items).toHaveLength(3);
    expectValidChunks(items);
    expect(isRouterError(error) && error.code).toBe('stream-interrupted');
    await expect(stream.done).rejects.toMatchObject({ code: 'stream-interrupted' });
  });

  it('a stream whose body errors mid-way ends with stream-interrupted, never a clean end', async () => {
    server.use(http.post(OPENAI_CHAT_URL, () => sseResponse(sseEvents(OPENAI_STREAM), { errorAfter: 2 })));
    const { items, error } = await drain(openaiThenHf().stream(ASK));
    expect(items).toHaveLength(2);
    expect(isRouterError(error) && error.code).toBe('stream-interrupted');
  });

  it('an error event inside a 200 stream, after the first chunk, ends it with stream-interrupted', async () => {
    const events = sseEvents(OPENAI_STREAM).slice(0, 2);
    events.push(JSON.stringify({ error: { message: 'The server had an error', type: 'server_error' } }));
    server.use(http.post(OPENAI_CHAT_URL, () => sseResponse(events)));
    const { items, error } = await drain(openaiThenHf().stream(ASK));
    expect(items).toHaveLength(2);
    expect(isRouterError(error) && error.code).toBe('stream-interrupted');
    expect(msw.requests().some((r) => r.includes('router.huggingface.co'))).toBe(false);
  });

  it('probe: an authenticated GET /models', async () => {
    const router = openaiOnly();
    expect(await router.probe('openai')).toMatchObject({ ok: true });
    expect(msw.requests()).toEqual(['GET api.openai.com/v1/models']);
    server.use(
      http.get('https://api.openai.com/v1/models', () =>
        errorResponse(401, fixtureJson('openai/errors/401-invalid-api-key.json')),
      ),
    );
    const failed = await router.probe('openai');
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatchObject({ code: 'auth', status: 401 });
  });

  it('a failed primary and a failed fallback → all-providers-failed with both attempts', async () => {
    server.use(
      http.post(OPENAI_CHAT_URL, () => errorResponse(503, fixtureJson('openai/errors/503-overloaded.json'))),
      http.post(HF_CHAT_URL, () =>
        errorResponse(500, fixtureJson('huggingface/errors/500-server-error.json')),
      ),
    );
    const error = await openaiThenHf()
      .chat(ASK)
      .catch((e: unknown) => e);
    expect(isRouterError(error) && error.code).toBe('all-providers-failed');
    expect(
      isRouterError(error) && error.attempts.map((t) => `${t.provider}:${t.outcome}:${t.status}`),
    ).toEqual(['openai:unavailable:503', 'huggingface:unavailable:500']);
  });
});

describe('openaiCompatible over MSW', () => {
  const VLLM = 'http://vllm.internal:8000/v1';

  function vllmRouter(apiKey?: string) {
    const router = msw.fetchRouter(
      [
        openaiCompatible({
          name: 'vllm',
          baseURL: `${VLLM}/`,
          model: 'meta-llama/Llama-3.1-8B-Instruct',
          ...(apiKey ? { apiKey } : {}),
        }),
      ],
      { retry: { maxRetries: 0 } },
    );
    return router;
  }

  it('JSON and SSE through its own base URL, no auth header without an apiKey', async () => {
    const auth: Array<string | null> = [];
    server.use(
      http.post(`${VLLM}/chat/completions`, async ({ request }) => {
        auth.push(request.headers.get('authorization'));
        const body = (await request.json()) as { stream?: boolean; model?: string };
        expect(body.model).toBe('meta-llama/Llama-3.1-8B-Instruct');
        return body.stream
          ? sseResponse(sseEvents(OPENAI_STREAM))
          : HttpResponse.json(fixtureJson(OPENAI_COMPLETION));
      }),
    );
    const router = vllmRouter();
    const { completion, route } = await router.chat(ASK);
    expect(validateCompletion(completion)).toEqual({ valid: true });
    expect(route.provider).toBe('vllm');
    const { items, error } = await drain(router.stream(ASK));
    expect(error).toBeUndefined();
    expectValidChunks(items);
    expect(auth).toEqual([null, null]);
    expect(msw.requests()).toEqual([
      'POST vllm.internal:8000/v1/chat/completions',
      'POST vllm.internal:8000/v1/chat/completions',
    ]);
  });

  it('sends Bearer auth when given an apiKey, and classifies its errors', async () => {
    server.use(
      http.post(`${VLLM}/chat/completions`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer local-key'
          ? errorResponse(404, {
              error: { message: 'The model does not exist.', type: 'NotFoundError', code: 404 },
            })
          : errorResponse(401, { error: 'unauthorized' }),
      ),
    );
    const error = await vllmRouter('local-key')
      .chat(ASK)
      .catch((e: unknown) => e);
    expect(isRouterError(error) && error.attempts[0]).toMatchObject({
      outcome: 'model-missing',
      status: 404,
    });
  });
});
