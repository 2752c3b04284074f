/**
 * `--target` mode's system under test: the gateway driven through the openai SDK, as the runner's
 * recorder sees it (route from the headers, typed errors, indeterminate cut streams).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordRequest } from '../../src/scenario/recorder.ts';
import {
  alignRoute,
  gatewaySystemFactory,
  retryAfterFromHeaders,
  routeFromHeaders,
  targetHeadersFromEnv,
} from '../../src/systems/gateway.ts';
import type { SystemUnderTest } from '../../src/systems/system-under-test.ts';
import { freePort } from '../cli/support/cli.ts';
import { useHarness } from '../gateway/support/harness.ts';

const body = { messages: [{ role: 'user' as const, content: 'Say hello.' }] };
const credentials = { openaiKey: 'sk-brownout-test-00000000', hfToken: 'hf_brownoutTest' };

function systemAt(url: string, headers: Record<string, string> = {}): SystemUnderTest {
  const factory = gatewaySystemFactory(url, { headers });
  return factory({ credentials } as Parameters<typeof factory>[0]);
}

function record(sut: SystemUnderTest, stream = false) {
  return recordRequest(
    sut,
    { index: 0, stream, body },
    performance.now(),
    new AbortController().signal,
    5_000,
  );
}

describe('route and retry headers', () => {
  it('reads the provider, the attempts, the failover time and the skipped providers', () => {
    const route = routeFromHeaders(
      new Headers({
        'x-brownout-provider': 'huggingface',
        'x-brownout-route': JSON.stringify({
          attempts: [{ provider: 'openai', outcome: 'unavailable', status: 503, startMs: 0, ms: 3 }],
          failoverMs: 3,
          skipped: ['groq'],
        }),
      }),
    );
    expect(route).toEqual({
      provider: 'huggingface',
      attempts: [{ provider: 'openai', outcome: 'unavailable', status: 503, startMs: 0, ms: 3 }],
      failoverMs: 3,
      skipped: ['groq'],
    });
  });

  it('knows nothing of a black box, and ignores a malformed route header', () => {
    expect(routeFromHeaders(new Headers())).toEqual({});
    expect(routeFromHeaders(undefined)).toEqual({});
    expect(
      routeFromHeaders(new Headers({ 'x-brownout-provider': 'openai', 'x-brownout-route': '{' })),
    ).toEqual({
      provider: 'openai',
    });
  });

  it('reads retry-after-ms, then retry-after in seconds or as a date', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }))).toBe(1500);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': inTenSeconds }))).toBeGreaterThan(8_000);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers())).toBeUndefined();
  });

  it('reads only what the gateway advertised as Retry-After, not its rate-limit reset headers', () => {
    const reset = { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s' };
    expect(retryAfterFromHeaders(new Headers(reset))).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers({ ...reset, 'retry-after': '3' }))).toBe(3000);
  });
});

describe('attempts on the caller timeline', () => {
  const attempts = [
    { provider: 'openai', outcome: 'unavailable' as const, status: 503, startMs: 0, ms: 2 },
    { provider: 'huggingface', outcome: 'ok' as const, startMs: 2, ms: 5 },
  ];
  const headersAt = (startedAt: unknown) =>
    new Headers({ 'x-brownout-route': JSON.stringify({ attempts, startedAt }) });

  it("shifts a gateway's attempts by when it began the request after the caller sent it", () => {
    const aligned = alignRoute({ attempts }, headersAt(1_000_004), 1_000_000, 1_000_020);
    expect(aligned.attempts?.map((a) => a.startMs)).toEqual([4, 6]);
  });

  it('keeps the shift within [0, time to the answer] against clock skew', () => {
    expect(alignRoute({ attempts }, headersAt(999_990), 1_000_000, 1_000_020).attempts?.[0]?.startMs).toBe(0);
    expect(alignRoute({ attempts }, headersAt(1_000_500), 1_000_000, 1_000_020).attempts?.[0]?.startMs).toBe(
      20,
    );
  });

  it('leaves a route alone when the gateway reports no start', () => {
    const route = { attempts };
    expect(alignRoute(route, headersAt(undefined), 1_000_000, 1_000_020)).toBe(route);
    expect(alignRoute(route, new Headers({ 'x-brownout-route': '{' }), 0, 1)).toBe(route);
  });
});

describe('BROWNOUT_TARGET_HEADERS', () => {
  it('is a JSON object; an object value is sent as JSON (a Portkey config)', () => {
    expect(targetHeadersFromEnv({})).toEqual({});
    const config = { strategy: { mode: 'fallback' }, targets: [{ provider: 'openai' }] };
    expect(
      targetHeadersFromEnv({
        BROWNOUT_TARGET_HEADERS: JSON.stringify({ 'x-portkey-config': config, 'x-team': 'sre' }),
      }),
    ).toEqual({ 'x-portkey-config': JSON.stringify(config), 'x-team': 'sre' });
  });

  it('names the variable when it is not a JSON object', () => {
    expect(() => targetHeadersFromEnv({ BROWNOUT_TARGET_HEADERS: 'x-portkey-provider: openai' })).toThrow(
      /BROWNOUT_TARGET_HEADERS must be a JSON object/,
    );
    expect(() => targetHeadersFromEnv({ BROWNOUT_TARGET_HEADERS: '["a"]' })).toThrow(
      /BROWNOUT_TARGET_HEADERS/,
    );
  });

  it('sends the headers with every request', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'down', type: 'server_error', param: null, code: null } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const result = await record(systemAt(url, { 'x-portkey-provider': 'openai' }));
      expect(seen[0]?.['x-portkey-provider']).toBe('openai');
      // A gateway's untyped error: the code says what the client saw.
      expect(result.error?.code).toBe('http-503');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the recorder through brownout gateway', () => {
  const h = useHarness();
  let sut: SystemUnderTest;

  beforeAll(() => {
    sut = systemAt(h.gateway.url);
  });
  beforeEach(() => {
    h.faults.setFaults([]);
    h.faults.reset();
  });

  it('records a failover with its attempts, from the route headers', async () => {
    h.faults.setFaults([{ kind: 'http-error', target: 'openai', status: 503 }]);
    for (const stream of [false, true]) {
      const r = await record(sut, stream);
      expect(r.completion, `stream ${stream}`).toBe('ok');
      expect(r.servedBy).toBe('huggingface');
      expect(r.attempts.map((a) => [a.provider, a.outcome])).toEqual([
        ['openai', 'unavailable'],
        ['huggingface', 'ok'],
      ]);
      expect(r.failoverLatencyMs).toBeGreaterThanOrEqual(0);
      // Aligned with the gateway's startedAt: every attempt lies within the request's life.
      for (const a of r.attempts) {
        expect(a.startMs).toBeGreaterThanOrEqual(r.invokeMs);
        expect(a.startMs + a.ms).toBeLessThanOrEqual(r.endMs + 1);
      }
      expect(r.schemaValid).toBe(true);
    }
  });

  it('records a cut stream as indeterminate with the typed code', async () => {
    // Two events: the role chunk and the first content, which reaches the caller (a stream with no content yet fails over).
    h.faults.setFaults([{ kind: 'stream-cut', target: 'openai', afterChunks: 2 }]);
    const r = await record(sut, true);
    expect(r.completion).toBe('info');
    expect(r.chunks).toBeGreaterThanOrEqual(1);
    expect(r.error?.code).toBe('stream-interrupted');
  });

  it('records a total outage with the typed code and every attempt', async () => {
    h.faults.setFaults([
      { kind: 'http-error', target: 'openai', status: 503 },
      { kind: 'http-error', target: 'huggingface', status: 502, path: '/v1/chat/completions' },
    ]);
    const r = await record(sut);
    expect(r.completion).toBe('fail');
    expect(r.error?.code).toBe('all-providers-failed');
    expect(r.attempts).toHaveLength(2);
  });
});

describe('the recorder when every provider is rate-limited', () => {
  const h = useHarness();

  it('keeps the advertised wait', async () => {
    h.faults.setFaults([
      { kind: 'rate-limit', target: 'openai', retryAfterS: 7 },
      { kind: 'rate-limit', target: 'huggingface', retryAfterS: 9, path: '/v1/chat/completions' },
    ]);
    const r = await record(systemAt(h.gateway.url));
    expect(r.error).toMatchObject({ code: 'rate-limited', retryAfterMs: 7_000 });
  });
});

describe('the recorder when nothing listens at the target', () => {
  let port: number;
  beforeAll(async () => {
    port = await freePort();
  });

  it('records a network error, not an untyped one', async () => {
    const r = await record(systemAt(`http://127.0.0.1:${port}`));
    expect(r.completion).toBe('fail');
    expect(r.error?.code).toBe('network');
  });
});
