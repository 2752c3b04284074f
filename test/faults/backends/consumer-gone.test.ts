/**
 * A stalled stream whose caller already left must end quietly when the injector stops: an
 * `'error'` event nobody listens for is an uncaught exception, and it kills a whole suite run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineInjector } from '../../../src/faults/backends/base.ts';
import { MswInjector } from '../../../src/faults/backends/msw.ts';
import { NockInjector } from '../../../src/faults/backends/nock.ts';

const STALL = [{ kind: 'timeout', target: 'openai', mode: 'stall', afterChunks: 2 }];
const CHAT = JSON.stringify({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
});

function chatUrl(injector: EngineInjector): string {
  return `${injector.endpoints.openai.baseURL}/chat/completions`;
}

function post(injector: EngineInjector, signal: AbortSignal): Promise<Response> {
  return fetch(chatUrl(injector), {
    method: 'POST',
    body: CHAT,
    headers: { 'content-type': 'application/json' },
    signal,
  });
}

/** Collects every uncaught exception until `stop()`: what would have killed the process. */
function watchUncaught(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);
  process.on('uncaughtException', onError);
  return { errors, stop: () => process.off('uncaughtException', onError) };
}

async function readToEnd(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  for (let n = 0; n < 100; n++) if ((await reader.read()).done) return;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `lateChunks`: what a backend plays to a caller that left before the headers. */
const backends: Array<{ name: string; lateChunks: number; create(latencyMs: number): EngineInjector }> = [
  // nock cannot see the client leave: it plays the body into the stall anyway.
  { name: 'nock', lateChunks: 2, create: (latencyMs) => new NockInjector({ seed: 7, latencyMs }) },
  // MSW hands over the request's signal: the wait ends with the client.
  { name: 'msw', lateChunks: 0, create: (latencyMs) => new MswInjector({ seed: 7, latencyMs }) },
];

describe.each(backends)('a stalled stream after its caller left [$name]', ({ create, lateChunks }) => {
  let injector: EngineInjector | undefined;
  let watch: ReturnType<typeof watchUncaught> | undefined;
  afterEach(async () => {
    await injector?.stop();
    watch?.stop();
  });

  it('caller gave up before the headers came: stopping the injector raises nothing', async () => {
    // The headers come 150 ms late; the caller leaves at 30 ms, the stream is played anyway.
    injector = create(150);
    await injector.start();
    injector.setFaults(STALL);
    watch = watchUncaught();
    await expect(post(injector, AbortSignal.timeout(30))).rejects.toMatchObject({ name: 'TimeoutError' });
    // Past the headers, into the stall.
    await settle(400);
    expect(injector.upstream().attempts).toEqual([expect.objectContaining({ chunks: lateChunks })]);
    await injector.stop();
    await settle(200);
    expect(watch.errors).toEqual([]);
  });

  it('caller cancelled the body mid-stall: stopping the injector raises nothing', async () => {
    injector = create(0);
    await injector.start();
    injector.setFaults(STALL);
    watch = watchUncaught();
    const res = await post(injector, new AbortController().signal);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    // Not awaited: through MSW's interceptor a cancel of a stalled body never settles (no crash).
    void reader.cancel();
    await settle(100);
    await injector.stop();
    await settle(200);
    expect(watch.errors).toEqual([]);
  });

  it('caller aborted mid-stall: stopping the injector raises nothing', async () => {
    injector = create(0);
    await injector.start();
    injector.setFaults(STALL);
    watch = watchUncaught();
    const abort = new AbortController();
    const res = await post(injector, abort.signal);
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    // What was already queued may still come; then the read fails.
    await expect(readToEnd(reader)).rejects.toThrow();
    await settle(100);
    await injector.stop();
    await settle(200);
    expect(watch.errors).toEqual([]);
  });
});
