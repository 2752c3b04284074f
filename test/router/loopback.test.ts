import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isRouterError, type RouterError } from '../../src/router/errors.ts';
import type { RouterOptions } from '../../src/router/options.ts';
import { huggingface } from '../../src/router/providers/huggingface.ts';
import { openai } from '../../src/router/providers/openai.ts';
import { createRouter, type Router } from '../../src/router/router.ts';
import { validateChunk, validateCompletion } from '../../src/router/schema.ts';
import type { ChatCompletionChunk } from '../../src/router/types.ts';
import {
  activeResources,
  eventually,
  type LoopbackServer,
  resourcesAbove,
  startLoopbackServer,
  trackResources,
} from './support/loopback-server.ts';
import { ASK, drain } from './support/router-harness.ts';

let server: LoopbackServer;
let router: Router | undefined;
let baseline: Record<string, number>;
let tracked: ReturnType<typeof trackResources> | undefined;

beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

beforeEach(() => {
  server.reset();
});
afterEach(async () => {
  tracked?.stop();
  tracked = undefined;
  await router?.close();
  router = undefined;
});

type TransportName = 'undici' | 'fetch';

/**
 * A router over the loopback server, OpenAI primary and Hugging Face fallback. First waits for
 * the previous test's connections and answers to finish, and records the baseline of active
 * resources that `expectNothingLeftBehind` compares with.
 */
async function routerOn(transport: TransportName, options: Partial<RouterOptions> = {}): Promise<Router> {
  server.closeIdle();
  await eventually(() => {
    expect(server.openConnections()).toBe(0);
    expect(server.busy()).toBe(0);
  });
  baseline = activeResources();
  tracked = trackResources();
  router = createRouter({
    providers: [
      openai({ apiKey: 'sk-test', model: 'gpt-4o-mini', baseURL: server.openaiBaseURL }),
      huggingface({
        accessToken: 'hf_test',
        model: 'openai/gpt-oss-20b',
        endpointUrl: server.hfURL,
        hubUrl: server.hfURL,
      }),
    ],
    transport,
    // Generous, so a loaded machine never times out a healthy answer; tests that wait for a
    // timeout set their own.
    attemptTimeoutMs: 2000,
    idleTimeoutMs: 2000,
    retry: { maxRetries: 0 },
    breaker: false,
    ...options,
  });
  return router;
}

/**
 * After router.close(): the server sees every connection closed, no timer or socket made during
 * the test still holds the event loop, and process.getActiveResourcesInfo() is back to (at most)
 * the baseline. The server keeps idle connections for 60 s, so only the client can have closed them.
 */
async function expectNothingLeftBehind(transport: TransportName) {
  await router?.close();
  router = undefined;
  // fetch's global pool keeps idle keep-alive sockets by design; anything still busy would stay open.
  if (transport === 'fetch') server.closeIdle();
  await eventually(() => {
    expect(server.openConnections()).toBe(0);
    expect(tracked?.leftBehind()).toEqual([]);
    expect(resourcesAbove(baseline)).toEqual({});
  }, 2000);
}

function routerErrorOf(error: unknown): RouterError {
  if (!isRouterError(error)) throw new Error(`expected a RouterError, got ${String(error)}`);
  return error;
}

const text = (chunks: ChatCompletionChunk[]) => chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');

describe.each<TransportName>(['undici', 'fetch'])('real loopback sockets, %s transport', (transport) => {
  it('serves schema-valid answers from both providers, JSON and SSE', async () => {
    const r = await routerOn(transport);
    const { completion } = await r.chat(ASK);
    expect(validateCompletion(completion)).toEqual({ valid: true });
    const streamed = await drain(r.stream(ASK));
    expect(streamed.error).toBeUndefined();
    for (const c of streamed.items) expect(validateChunk(c)).toEqual({ valid: true });

    server.set('openai', {
      kind: 'status',
      status: 503,
      body: { error: { message: 'overloaded', type: 'server_error' } },
    });
    const fallback = await r.chat(ASK);
    expect(fallback.route.provider).toBe('huggingface');
    expect(validateCompletion(fallback.completion)).toEqual({ valid: true });
    const fallbackStream = r.stream(ASK);
    const hfStreamed = await drain(fallbackStream);
    expect(hfStreamed.error).toBeUndefined();
    expect(text(hfStreamed.items)).toBe('Hello! The fallback streamed.');
    for (const c of hfStreamed.items) expect(validateChunk(c)).toEqual({ valid: true });
    expect((await fallbackStream.done).provider).toBe('huggingface');
    await expectNothingLeftBehind(transport);
  });

  it('a hanging primary times out, the fallback serves, the hung connection is closed', async () => {
    server.set('openai', { kind: 'hang' });
    const { completion, route } = await (await routerOn(transport, { attemptTimeoutMs: 500 })).chat(ASK);
    expect(validateCompletion(completion)).toEqual({ valid: true });
    expect(route.provider).toBe('huggingface');
    expect(route.attempts[0]).toMatchObject({
      provider: 'openai',
      outcome: 'timeout',
      detail: 'attempt-timeout',
    });
    expect(route.attempts[0]?.ms).toBeGreaterThanOrEqual(500);
    const [hung] = server.chatRequests('openai');
    await hung?.closed; // the server saw the router drop the connection
    await expectNothingLeftBehind(transport);
  });

  it('a socket reset is a network error, and the fallback serves', async () => {
    server.set('openai', { kind: 'reset' });
    const { route } = await (await routerOn(transport)).chat(ASK);
    expect(route.provider).toBe('huggingface');
    expect(route.attempts[0]).toMatchObject({ provider: 'openai', outcome: 'network' });
    await expectNothingLeftBehind(transport);
  });

  it('a stream that stalls after its first chunk ends with stream-interrupted (idle timeout)', async () => {
    server.set('openai', { kind: 'stream-stall', afterEvents: 2 });
    const stream = (await routerOn(transport, { idleTimeoutMs: 500 })).stream(ASK);
    const { items, error } = await drain(stream);
    expect(items).toHaveLength(2);
    const routerError = routerErrorOf(error);
    expect(routerError.code).toBe('stream-interrupted');
    expect(routerError.message).toMatch(/stalled: no chunk for 500 ms/);
    expect(server.chatRequests('hf')).toEqual([]);
    await server.chatRequests('openai')[0]?.closed;
    await expectNothingLeftBehind(transport);
  });

  it('a stream cut mid-way by a reset ends with stream-interrupted, never a clean end', async () => {
    server.set('openai', { kind: 'stream-cut', afterEvents: 3 });
    const { items, error } = await drain((await routerOn(transport)).stream(ASK));
    expect(items).toHaveLength(3);
    expect(routerErrorOf(error).code).toBe('stream-interrupted');
    await expectNothingLeftBehind(transport);
  });

  it('the caller’s abort during a hang: aborted, the connection closed, nothing left', async () => {
    server.set('openai', { kind: 'hang' });
    const r = await routerOn(transport, { attemptTimeoutMs: 30_000 });
    const controller = new AbortController();
    const pending = r.chat(ASK, { signal: controller.signal }).catch((e: unknown) => e);
    await eventually(() => expect(server.chatRequests('openai')).toHaveLength(1));
    controller.abort();
    const error = routerErrorOf(await pending);
    expect(error.code).toBe('aborted');
    expect(error.attempts).toEqual([expect.objectContaining({ provider: 'openai', outcome: 'cancelled' })]);
    await server.chatRequests('openai')[0]?.closed;
    await expectNothingLeftBehind(transport);
  });

  it('a consumer that breaks out of a dribbling stream closes the upstream connection', async () => {
    server.set('openai', { kind: 'dribble', gapMs: 50 });
    const stream = (await routerOn(transport)).stream(ASK);
    const seen: ChatCompletionChunk[] = [];
    for await (const c of stream) {
      seen.push(c);
      if (seen.length === 2) break;
    }
    expect(seen).toHaveLength(2);
    await expect(stream.done).rejects.toMatchObject({ code: 'aborted' });
    await server.chatRequests('openai')[0]?.closed;
    await expectNothingLeftBehind(transport);
  });

  it('a dribbling stream outlives the attempt timeout while its gaps stay under the idle timeout', async () => {
    server.set('openai', { kind: 'dribble', gapMs: 100 });
    // 8 events × 100 ms ≈ 800 ms in all, past the 400 ms attempt timeout.
    const stream = (await routerOn(transport, { attemptTimeoutMs: 400, idleTimeoutMs: 500 })).stream(ASK);
    const { items, error } = await drain(stream);
    expect(error).toBeUndefined();
    expect(text(items)).toBe('Hello! The primary streamed.');
    expect((await stream.done).provider).toBe('openai');
    await expectNothingLeftBehind(transport);
  });
});
