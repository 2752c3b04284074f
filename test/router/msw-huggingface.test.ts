import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { isRouterError, type RouterError } from '../../src/router/errors.ts';
import type { HuggingFaceOptions } from '../../src/router/providers/huggingface.ts';
import { validateChunk, validateCompletion } from '../../src/router/schema.ts';
import type { ChatCompletionChunk } from '../../src/router/types.ts';
import { fixtureJson, HF_COMPLETION, HF_MODEL_INFO, HF_STREAM, sseEvents } from './support/fixtures.ts';
import {
  errorResponse,
  HF_CHAT_URL,
  HF_HUB_URL,
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

function hfRouter(options: Partial<HuggingFaceOptions> = {}) {
  return msw.fetchRouter([hfProvider(options)]);
}

async function failureOf(promise: Promise<unknown>): Promise<RouterError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isRouterError(error)) throw new Error(`expected a RouterError, got ${String(error)}`);
  return error;
}

const hubCalls = () => msw.requests().filter((r) => r.startsWith('GET huggingface.co/api/models/'));
const chatCalls = () => msw.requests().filter((r) => r.startsWith('POST router.huggingface.co/'));

describe('huggingface over MSW (fetch transport)', () => {
  it('JSON: normalized to a schema-valid completion (eos_token → stop, refusal null, an id)', async () => {
    const raw = fixtureJson<{ id: string }>(HF_COMPLETION);
    expect(raw.id).toBe('');
    const { completion, route } = await hfRouter().chat(ASK);
    expect(validateCompletion(completion)).toEqual({ valid: true });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: 'Hello! The fallback answered.',
      refusal: null,
    });
    expect(completion.id).toMatch(/^chatcmpl-\w+$/);
    expect(completion.usage).toMatchObject({ prompt_tokens: 14, completion_tokens: 7, total_tokens: 21 });
    expect(route.provider).toBe('huggingface');
    expect(msw.requests()).toEqual([
      'GET huggingface.co/api/models/openai/gpt-oss-20b/revision/HEAD',
      'POST router.huggingface.co/v1/chat/completions',
    ]);
  });

  it('sends the configured model and the token', async () => {
    let sent: { auth: string | null; body: Record<string, unknown> } | undefined;
    server.use(
      http.post(HF_CHAT_URL, async ({ request }) => {
        sent = {
          auth: request.headers.get('authorization'),
          body: (await request.json()) as Record<string, unknown>,
        };
        return HttpResponse.json(fixtureJson(HF_COMPLETION));
      }),
    );
    await hfRouter().chat({ ...ASK, model: 'gpt-4o-mini', max_tokens: 5 });
    expect(sent?.auth).toBe('Bearer hf_test');
    expect(sent?.body).toMatchObject({ model: 'openai/gpt-oss-20b', max_tokens: 5 });
  });

  it('SSE: every chunk normalized and schema-valid, one non-empty id, ending with stop', async () => {
    const stream = hfRouter().stream(ASK);
    const { items, error } = await drain(stream);
    expect(error).toBeUndefined();
    for (const c of items) expect(validateChunk(c)).toEqual({ valid: true });
    const ids = new Set(items.map((c) => c.id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^chatcmpl-\w+$/);
    const text = items.map((c: ChatCompletionChunk) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('Hello! The fallback streamed.');
    const finishes = items.flatMap((c) => c.choices.map((ch) => ch.finish_reason)).filter((f) => f !== null);
    expect(finishes).toEqual(['stop']);
    // The usage chunk (empty choices) passes through.
    expect(items.at(-1)?.choices).toEqual([]);
    expect(items.at(-1)?.usage).toMatchObject({ total_tokens: 21 });
    expect((await stream.done).provider).toBe('huggingface');
  });

  const errors: Array<[string, number, string, string, string | undefined]> = [
    ['401 { error: string }', 401, 'huggingface/errors/401-invalid-token.json', 'auth', undefined],
    ['429 { error: string }', 429, 'huggingface/errors/429-rate-limit.json', 'rate-limited', undefined],
    ['500 { error: { message } }', 500, 'huggingface/errors/500-server-error.json', 'unavailable', undefined],
    [
      '404 { error: { message } }',
      404,
      'huggingface/errors/router-404-model-not-found.json',
      'model-missing',
      undefined,
    ],
    [
      '400 not supported',
      400,
      'huggingface/errors/router-400-not-supported.json',
      'model-missing',
      'not-supported',
    ],
    ['403', 403, 'huggingface/errors/401-invalid-token.json', 'auth', undefined],
  ];
  it.each(errors)('%s → %s', async (_, status, fixture, code, detail) => {
    server.use(http.post(HF_CHAT_URL, () => errorResponse(status, fixtureJson(fixture))));
    const error = await failureOf(hfRouter().chat(ASK));
    expect(error.attempts).toEqual([
      expect.objectContaining({ provider: 'huggingface', outcome: code, status }),
    ]);
    expect(error.attempts[0]?.detail).toBe(detail);
  });

  it('keeps a Retry-After the client library hides', async () => {
    server.use(
      http.post(HF_CHAT_URL, () =>
        errorResponse(429, fixtureJson('huggingface/errors/429-rate-limit.json'), { 'retry-after': '3' }),
      ),
    );
    const error = await failureOf(hfRouter().chat(ASK));
    expect(error.code).toBe('rate-limited');
    expect(error.attempts[0]).toMatchObject({ outcome: 'rate-limited', retryAfterMs: 3000 });
    expect(error.retryAfterMs).toBe(3000);
  });

  it('503 model loading → unavailable with estimated_time; past the deadline it fails fast', async () => {
    server.use(
      http.post(HF_CHAT_URL, () =>
        errorResponse(503, fixtureJson('huggingface/errors/503-model-loading.json')),
      ),
    );
    const router = msw.fetchRouter([hfProvider()], { deadlineMs: 5000, retry: { maxRetries: 2 } });
    const error = await failureOf(router.chat(ASK));
    expect(error.code).toBe('deadline-exceeded');
    expect(error.attempts).toEqual([
      expect.objectContaining({
        outcome: 'unavailable',
        status: 503,
        detail: 'model-loading',
        retryAfterMs: 20_000,
      }),
    ]);
    expect(chatCalls()).toHaveLength(1);
  });

  it('hub repo missing → model-missing with no inference call, and the verdict is cached', async () => {
    server.use(
      http.get(HF_HUB_URL, () =>
        errorResponse(404, fixtureJson('huggingface/errors/hub-404-repo-not-found.json')),
      ),
    );
    const router = hfRouter();
    const first = await failureOf(router.chat(ASK));
    expect(first.attempts).toEqual([
      expect.objectContaining({ outcome: 'model-missing', status: 404, detail: 'repo-missing' }),
    ]);
    expect(hubCalls()).toHaveLength(1);
    expect(chatCalls()).toHaveLength(0);

    const second = await failureOf(router.chat(ASK));
    expect(second.attempts[0]).toMatchObject({ outcome: 'model-missing', detail: 'repo-missing' });
    expect(hubCalls()).toHaveLength(1); // within the TTL: no second hub call
    expect(chatCalls()).toHaveLength(0);
  });

  it('checks the hub again once the missing verdict expires', async () => {
    server.use(
      http.get(HF_HUB_URL, () =>
        errorResponse(404, fixtureJson('huggingface/errors/hub-404-repo-not-found.json')),
      ),
    );
    const router = hfRouter({ repoCheck: { missingTtlMs: 1 } });
    await failureOf(router.chat(ASK));
    await new Promise((resolve) => setTimeout(resolve, 5));
    server.resetHandlers();
    const { route } = await router.chat(ASK);
    expect(route.provider).toBe('huggingface');
    expect(hubCalls()).toHaveLength(2);
  });

  it('a healthy repo is checked once, then cached', async () => {
    const router = hfRouter();
    await router.chat(ASK);
    await router.chat(ASK);
    const { items } = await drain(router.stream(ASK));
    expect(items.length).toBeGreaterThan(0);
    expect(hubCalls()).toHaveLength(1);
    expect(chatCalls()).toHaveLength(3);
  });

  it('a disabled repo → model-missing (repo-disabled)', async () => {
    server.use(
      http.get(HF_HUB_URL, () =>
        HttpResponse.json({ ...fixtureJson<Record<string, unknown>>(HF_MODEL_INFO), disabled: true }),
      ),
    );
    const error = await failureOf(hfRouter().chat(ASK));
    expect(error.attempts[0]).toMatchObject({ outcome: 'model-missing', detail: 'repo-disabled' });
    expect(chatCalls()).toHaveLength(0);
  });

  it('an unreachable hub proves nothing: inference decides', async () => {
    server.use(http.get(HF_HUB_URL, () => errorResponse(500, { error: 'Internal Error' })));
    const { completion } = await hfRouter().chat(ASK);
    expect(validateCompletion(completion)).toEqual({ valid: true });
  });

  it('endpointUrl and hubUrl replace the default hosts', async () => {
    const endpoint = 'https://my-endpoint.endpoints.huggingface.cloud';
    const hub = 'https://hub.internal.example';
    server.use(...huggingfaceHandlers(endpoint, hub));
    const { completion } = await hfRouter({ endpointUrl: endpoint, hubUrl: hub }).chat(ASK);
    expect(validateCompletion(completion)).toEqual({ valid: true });
    expect(msw.requests()).toEqual([
      'GET hub.internal.example/api/models/openai/gpt-oss-20b/revision/HEAD',
      'POST my-endpoint.endpoints.huggingface.cloud/v1/chat/completions',
    ]);
  });

  it('probe: the hub repo check, always asked', async () => {
    const router = hfRouter();
    expect(await router.probe('huggingface')).toMatchObject({ ok: true });
    expect(await router.probe('huggingface')).toMatchObject({ ok: true });
    expect(hubCalls()).toHaveLength(2);
    server.use(
      http.get(HF_HUB_URL, () =>
        errorResponse(404, fixtureJson('huggingface/errors/hub-404-repo-not-found.json')),
      ),
    );
    const failed = await router.probe('huggingface');
    expect(failed).toMatchObject({ ok: false, error: { code: 'model-missing' } });
  });

  const drifts: Array<[string, () => Response]> = [
    [
      'no choices',
      () => {
        const body = fixtureJson(HF_COMPLETION);
        delete body.choices;
        return HttpResponse.json(body);
      },
    ],
    [
      'an unknown finish_reason',
      () => {
        const body = fixtureJson<{ choices: Array<{ finish_reason: string }> }>(HF_COMPLETION);
        (body.choices[0] as { finish_reason: string }).finish_reason = 'gave_up';
        return HttpResponse.json(body);
      },
    ],
    [
      'unparseable JSON',
      () => new HttpResponse('{"choices": [', { headers: { 'content-type': 'application/json' } }),
    ],
    ['an HTML page', () => HttpResponse.html('<html>Bad gateway</html>')],
  ];
  it.each(drifts)('%s → malformed → failover to the next provider', async (_, respond) => {
    server.use(http.post(HF_CHAT_URL, respond));
    const router = msw.fetchRouter([hfProvider(), openaiProvider()]);
    const { completion, route } = await router.chat(ASK);
    expect(validateCompletion(completion)).toEqual({ valid: true });
    expect(route.attempts.map((t) => `${t.provider}:${t.outcome}`)).toEqual([
      'huggingface:malformed',
      'openai:ok',
    ]);
  });

  it('a stream whose first chunk drifts fails over invisibly; a stream cut after it is interrupted', async () => {
    const events = sseEvents(HF_STREAM);
    server.use(
      http.post(HF_CHAT_URL, () =>
        sseResponse([
          '{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"nope"}]}',
          ...events,
        ]),
      ),
    );
    const router = msw.fetchRouter([hfProvider(), openaiProvider()]);
    const drifted = router.stream(ASK);
    const first = await drain(drifted);
    expect(first.error).toBeUndefined();
    expect(drifted.attempts.map((t) => `${t.provider}:${t.outcome}`)).toEqual([
      'huggingface:malformed',
      'openai:ok',
    ]);

    server.use(http.post(HF_CHAT_URL, () => sseResponse(events, { closeAfter: 2 })));
    const cut = await drain(router.stream(ASK));
    expect(cut.items).toHaveLength(2);
    expect(isRouterError(cut.error) && cut.error.code).toBe('stream-interrupted');
  });
});

describe('OpenAI → Hugging Face failover over MSW', () => {
  it('a 503 from OpenAI is served by Hugging Face with a schema-valid completion', async () => {
    server.use(
      http.post(OPENAI_CHAT_URL, () => errorResponse(503, fixtureJson('openai/errors/503-overloaded.json'))),
    );
    const router = msw.fetchRouter([openaiProvider(), hfProvider()]);
    const { completion, route } = await router.chat(ASK);
    expect(validateCompletion(completion)).toEqual({ valid: true });
    expect(route.provider).toBe('huggingface');
    expect(route.attempts.map((t) => [t.provider, t.outcome, t.status])).toEqual([
      ['openai', 'unavailable', 503],
      ['huggingface', 'ok', undefined],
    ]);
  });

  it('a Hugging Face repo gone → the failover fails with model-missing, not a silent success', async () => {
    server.use(
      http.post(OPENAI_CHAT_URL, () =>
        errorResponse(500, fixtureJson('openai/errors/500-server-error.json')),
      ),
      http.get(HF_HUB_URL, () =>
        errorResponse(404, fixtureJson('huggingface/errors/hub-404-repo-not-found.json')),
      ),
    );
    const router = msw.fetchRouter([openaiProvider(), hfProvider()]);
    const error = await failureOf(router.chat(ASK));
    expect(error.code).toBe('all-providers-failed');
    expect(error.message).toMatch(/huggingface: model-missing/);
  });
});
