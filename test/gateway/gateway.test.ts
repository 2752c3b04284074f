import OpenAI from 'openai';
import { beforeEach, describe, expect, it } from 'vitest';
import { validateChunk, validateCompletion } from '../../src/router/schema.ts';
import { chatFailure, eventually, rejection, routeAttempts, useHarness } from './support/harness.ts';

const messages = [{ role: 'user' as const, content: 'Say hello.' }];
const HF_CHAT = '/v1/chat/completions';

describe('gateway over a loopback fault server, through the official openai SDK', () => {
  const h = useHarness();
  beforeEach(() => {
    h.faults.setFaults([]);
    h.faults.reset();
  });

  it('answers a healthy JSON request with a schema-valid completion and the route headers', async () => {
    const { data, response } = await h.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages })
      .withResponse();
    expect(response.status).toBe(200);
    expect(validateCompletion(data)).toEqual({ valid: true });
    expect(response.headers.get('x-brownout-provider')).toBe('openai');
    expect(routeAttempts(response.headers)).toEqual([
      expect.objectContaining({ provider: 'openai', outcome: 'ok' }),
    ]);
  });

  it('streams a healthy answer as schema-valid chunks ending with a finish_reason, with the route headers', async () => {
    const { data, response } = await h.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages, stream: true })
      .withResponse();
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-brownout-provider')).toBe('openai');
    expect(routeAttempts(response.headers)[0]).toMatchObject({ provider: 'openai', outcome: 'ok' });
    const finishes: unknown[] = [];
    let chunks = 0;
    for await (const chunk of data) {
      chunks++;
      expect(validateChunk(chunk)).toEqual({ valid: true });
      if (chunk.choices[0]?.finish_reason) finishes.push(chunk.choices[0].finish_reason);
    }
    expect(chunks).toBeGreaterThan(1);
    expect(finishes).toEqual(['stop']);
  });

  it('fails over to Hugging Face when OpenAI answers 503; the route header shows the failed attempt', async () => {
    h.faults.setFaults([{ kind: 'http-error', target: 'openai', status: 503 }]);
    const { data, response } = await h.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages })
      .withResponse();
    expect(validateCompletion(data)).toEqual({ valid: true });
    expect(response.headers.get('x-brownout-provider')).toBe('huggingface');
    const attempts = routeAttempts(response.headers);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ provider: 'openai', outcome: 'unavailable', status: 503 });
    expect(attempts[1]).toMatchObject({ provider: 'huggingface', outcome: 'ok' });
    expect(h.faults.stats().byTarget.openai?.injected).toBe(1);
  });

  it('fails over a stream too: Hugging Face chunks, normalized to the OpenAI schema', async () => {
    h.faults.setFaults([{ kind: 'http-error', target: 'openai', status: 503 }]);
    const { data, response } = await h.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages, stream: true })
      .withResponse();
    expect(response.headers.get('x-brownout-provider')).toBe('huggingface');
    expect(routeAttempts(response.headers).map((a) => a.provider)).toEqual(['openai', 'huggingface']);
    let chunks = 0;
    for await (const chunk of data) {
      chunks++;
      expect(validateChunk(chunk)).toEqual({ valid: true });
    }
    expect(chunks).toBeGreaterThan(0);
  });

  it('answers a total outage with a 502 the SDK raises as InternalServerError, with the typed code and the attempts', async () => {
    h.faults.setFaults([
      { kind: 'http-error', target: 'openai', status: 503 },
      { kind: 'http-error', target: 'huggingface', status: 502, path: HF_CHAT },
    ]);
    const error = await chatFailure(h);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(502);
    expect(apiError.code).toBe('all-providers-failed');
    expect(apiError.type).toBe('server_error');
    expect(routeAttempts(apiError.headers as Headers).map((a) => [a.provider, a.status])).toEqual([
      ['openai', 503],
      ['huggingface', 502],
    ]);
  });

  it('answers a body that is not JSON with 400 and an invalid_request_error', async () => {
    const response = await fetch(`${h.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"messages": [',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { code: string; type: string } };
    expect(body.error).toMatchObject({ code: 'bad-request', type: 'invalid_request_error' });
    expect(h.faults.stats().requests).toBe(0);
  });

  it('answers a JSON body that is no chat request with 400, sending nothing upstream', async () => {
    for (const body of ['null', '[]', '{}', '{"messages": "hi"}']) {
      const response = await fetch(`${h.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code, body).toBe('bad-request');
    }
    expect(h.faults.stats().requests).toBe(0);
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await fetch(`${h.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(1_100_000) }] }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('request-too-large');
  });

  it('ends a stream cut after its first chunk with an error the SDK throws, never a clean end', async () => {
    // Two events: the role chunk and the first content, which reaches the caller (a stream with no content yet fails over).
    h.faults.setFaults([{ kind: 'stream-cut', target: 'openai', afterChunks: 2 }]);
    const stream = await h.client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const received: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of stream) received.push(chunk);
      })(),
    );
    expect(received.length).toBeGreaterThanOrEqual(1);
    expect(error).toBeInstanceOf(Error);
    // The gateway's SSE error event reaches the SDK as an APIError with the typed code.
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('stream-interrupted');
    expect(h.faults.stats().byTarget.openai?.injected).toBe(1);
  });

  it('never sends [DONE] on a cut stream, and resets the connection', async () => {
    // Two events: the role chunk and the first content, which reaches the caller (a stream with no content yet fails over).
    h.faults.setFaults([{ kind: 'stream-cut', target: 'openai', afterChunks: 2 }]);
    const response = await fetch(`${h.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages, stream: true }),
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const ended = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return 'clean end';
        text += decoder.decode(value, { stream: true });
      }
    })().catch((e: unknown) => e);
    expect(ended).not.toBe('clean end');
    expect(text).not.toContain('[DONE]');
    expect(text).toContain('"code":"stream-interrupted"');
  });

  it('answers an unknown route with a 404 JSON error', async () => {
    const response = await fetch(`${h.gateway.url}/v1/embeddings`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { code: string; type: string } };
    expect(body.error).toMatchObject({ code: 'not_found', type: 'invalid_request_error' });
  });

  it('lists the providers as models and reports health', async () => {
    const models = await h.client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['openai', 'huggingface']);
    const health = await fetch(`${h.gateway.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
  });
});

describe('gateway: every provider rate-limited', () => {
  // Its own router: a router remembers each provider's Retry-After, which would starve later tests.
  const h = useHarness();

  it('answers 429 with retry-after when every provider is rate-limited (the SDK raises RateLimitError)', async () => {
    h.faults.setFaults([
      { kind: 'rate-limit', target: 'openai', retryAfterS: 7 },
      { kind: 'rate-limit', target: 'huggingface', retryAfterS: 9, path: HF_CHAT },
    ]);
    const error = await chatFailure(h);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const apiError = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(apiError.status).toBe(429);
    expect(apiError.code).toBe('rate-limited');
    const retryAfter = Number(apiError.headers?.get('retry-after'));
    // The earliest any provider can serve again: OpenAI's 7 s.
    expect(retryAfter).toBe(7);
    expect(Number(apiError.headers?.get('retry-after-ms'))).toBe(7_000);
  });
});

describe('gateway with breakers on', () => {
  const h = useHarness({ breaker: { consecutiveFailures: 1, openMs: 60_000 } });

  it('fails fast with 503 no-provider-available once every breaker is open (InternalServerError)', async () => {
    h.faults.setFaults([
      { kind: 'http-error', target: 'openai', status: 503 },
      { kind: 'http-error', target: 'huggingface', status: 503, path: HF_CHAT },
    ]);
    const first = await chatFailure(h);
    expect((first as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    const seen = h.faults.stats().requests;
    const second = await chatFailure(h);
    expect(second).toBeInstanceOf(OpenAI.InternalServerError);
    expect((second as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((second as InstanceType<typeof OpenAI.APIError>).code).toBe('no-provider-available');
    // Failed fast: nothing more reached the providers.
    expect(h.faults.stats().requests).toBe(seen);
  });
});

describe('gateway: a client that goes away', () => {
  const h = useHarness({ attemptTimeoutMs: 15_000, deadlineMs: 20_000 });

  it.each([false, true])(
    'aborts the upstream request when the client disconnects (stream: %s)',
    async (stream) => {
      h.faults.setFaults([{ kind: 'timeout', target: 'openai', mode: 'hang' }]);
      h.faults.reset();
      const before = h.faults.openSockets;
      const controller = new AbortController();
      const pending = h.client.chat.completions
        .create({ model: 'gpt-4o-mini', messages, stream }, { signal: controller.signal })
        .catch((e: unknown) => e);
      // The fault server holds the hanging request on a socket.
      expect(await eventually(() => h.faults.stats().byTarget.openai?.injected === 1)).toBe(true);
      const hanging = h.faults.openSockets;
      expect(hanging).toBeGreaterThanOrEqual(1);
      controller.abort();
      expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
      // The gateway aborted its upstream attempt: the fault server sees that connection closed...
      expect(await eventually(() => h.faults.openSockets < hanging)).toBe(true);
      expect(h.faults.openSockets).toBeLessThanOrEqual(before);
      // ...and the router did not go on to the fallback for a caller who left.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(h.faults.stats().byTarget.huggingface?.requests ?? 0).toBe(0);
    },
  );
});
