import { describe, expect, it } from 'vitest';
import { bodyText } from '../../src/faults/action.ts';
import { FaultEngine } from '../../src/faults/engine.ts';
import { sampleLatency } from '../../src/faults/kinds/latency.ts';
import { type LatencyFault, parseFault } from '../../src/faults/model.ts';
import { createRandom } from '../../src/faults/random.ts';
import { chatRequest, engineWith, hubRequest, jsonOf, respond } from './support/engine.ts';
import { sseData } from './support/schema.ts';

describe('catalog: error bodies and headers per provider', () => {
  it('http-error: OpenAI fixtures per status; HF router and hub shapes', () => {
    expect(
      jsonOf(
        engineWith([{ kind: 'http-error', target: 'openai', status: 504 }]).handle(chatRequest('openai')),
      ),
    ).toEqual({
      error: { message: 'Gateway timeout.', type: 'cf_gateway_timeout', param: null, code: null },
    });
    expect(
      jsonOf(
        engineWith([{ kind: 'http-error', target: 'huggingface', status: 500 }]).handle(
          chatRequest('huggingface'),
        ),
      ),
    ).toEqual({
      error: { message: 'Internal Server Error', type: 'server_error' },
    });
    const hub = jsonOf(
      engineWith([{ kind: 'http-error', target: 'huggingface', status: 500 }]).handle(hubRequest()),
    );
    expect(typeof hub.error).toBe('string');
  });

  it('rate-limit: retry-after from ms when only ms is given; HF bodies', () => {
    const openai = respond(
      engineWith([{ kind: 'rate-limit', target: 'openai', retryAfterMs: 2500 }]).handle(
        chatRequest('openai'),
      ),
    );
    expect(openai.headers).toMatchObject({
      'retry-after': '3',
      'retry-after-ms': '2500',
      'x-ratelimit-reset-requests': '2.5s',
    });
    expect(JSON.parse(bodyText(openai)).error.message).toContain('Please try again in 2.5s.');
    const tokens = respond(
      engineWith([{ kind: 'rate-limit', target: 'openai', reason: 'tokens' }]).handle(chatRequest('openai')),
    );
    expect(tokens.headers).toMatchObject({
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '1s',
    });
    expect(JSON.parse(bodyText(tokens)).error.type).toBe('tokens');
    const quota = respond(
      engineWith([{ kind: 'rate-limit', target: 'huggingface', reason: 'quota' }]).handle(
        chatRequest('huggingface'),
      ),
    );
    expect(quota.status).toBe(429);
    expect(JSON.parse(bodyText(quota)).error).toMatch(/exceeded your monthly included credits/);
  });

  it('a 429 storm answers 429 to every request of the target while it lasts, beyond times', () => {
    const clock = { now: 0 };
    const engine = new FaultEngine('server', {
      now: () => clock.now,
      faults: [{ kind: 'rate-limit', target: 'openai', times: 1, storm: { durationMs: 1000 } }],
    });
    const statusAt = (t: number) => {
      clock.now = t;
      return respond(engine.handle(chatRequest('openai'))).status;
    };
    expect([0, 100, 500, 999, 1000, 2000].map(statusAt)).toEqual([429, 429, 429, 429, 200, 200]);
  });

  it('auth: OpenAI 403 and HF 401 bodies', () => {
    expect(
      jsonOf(engineWith([{ kind: 'auth', target: 'openai', status: 403 }]).handle(chatRequest('openai')))
        .error.code,
    ).toBe('unsupported_country_region_territory');
    expect(
      jsonOf(engineWith([{ kind: 'auth', target: 'huggingface' }]).handle(chatRequest('huggingface'))),
    ).toEqual({
      error: 'Invalid credentials in Authorization header',
    });
  });

  it('model-missing: names the model asked for (OpenAI, HF object shape)', () => {
    const openai = jsonOf(
      engineWith([{ kind: 'model-missing', target: 'openai' }]).handle(
        chatRequest('openai', { model: 'gpt-9' }),
      ),
    );
    expect(openai.error.message).toBe('The model `gpt-9` does not exist or you do not have access to it.');
    const hf = jsonOf(
      engineWith([{ kind: 'model-missing', target: 'huggingface' }]).handle(chatRequest('huggingface')),
    );
    expect(hf.error).toMatchObject({
      message: "The requested model 'openai/gpt-oss-20b' does not exist",
      code: 'model_not_found',
    });
  });
});

describe('catalog: broken answers', () => {
  it('malformed invalid-json breaks one stream event and keeps the framing', () => {
    const data = sseData(
      bodyText(
        respond(
          engineWith([{ kind: 'malformed', target: 'openai' }]).handle(
            chatRequest('openai', { stream: true }),
          ),
        ),
      ),
    );
    expect(() => JSON.parse(data[1]!)).toThrow(SyntaxError);
    expect(data.at(-1)).toBe('[DONE]');
  });

  it('schema-drift applies to chat completions only; stream-cut to streams only', () => {
    const engine = engineWith([
      { kind: 'schema-drift', target: 'huggingface' },
      { kind: 'stream-cut', target: 'openai' },
    ]);
    expect(respond(engine.handle(hubRequest())).status).toBe(200);
    expect(respond(engine.handle(chatRequest('openai'))).end).toBe('complete');
    expect(jsonOf(engine.handle(chatRequest('huggingface'))).choices).toBeUndefined();
    expect(respond(engine.handle(chatRequest('openai', { stream: true }))).end).toBe('error');
    expect(engine.stats().byTarget).toEqual({
      huggingface: { requests: 2, injected: 1, byKind: { 'schema-drift': 1 } },
      openai: { requests: 2, injected: 1, byKind: { 'stream-cut': 1 } },
    });
  });

  it('schema-drift wrong-types changes the types in every stream chunk', () => {
    const data = sseData(
      bodyText(
        respond(
          engineWith([{ kind: 'schema-drift', target: 'openai', mode: 'wrong-types' }]).handle(
            chatRequest('openai', { stream: true }),
          ),
        ),
      ),
    );
    for (const d of data.slice(0, -1))
      expect(JSON.parse(d)).toMatchObject({ created: '1764000000', choices: [{ index: '0' }] });
  });

  it('timeout stall on a plain body: the first slices, then silence', () => {
    const action = respond(
      engineWith([{ kind: 'timeout', target: 'openai', mode: 'stall', afterChunks: 3 }]).handle(
        chatRequest('openai'),
      ),
    );
    expect(action.chunks).toHaveLength(3);
    expect(action.end).toBe('hang');
  });

  it('timeout slow-body spreads the body over bodyMs', () => {
    const action = respond(
      engineWith([{ kind: 'timeout', target: 'openai', mode: 'slow-body', bodyMs: 900 }]).handle(
        chatRequest('openai'),
      ),
    );
    expect(action.chunks.reduce((sum, c) => sum + c.delayMs, 0)).toBeCloseTo(900);
    expect(action.chunks[0]!.delayMs).toBe(0);
  });
});

describe('latency samples', () => {
  const fault = (input: Record<string, unknown>) =>
    parseFault({ kind: 'latency', target: 'openai', ...input }) as LatencyFault;

  it('uniform stays in [min, max]; lognormal is capped by max and centred on the median', () => {
    const random = createRandom(5);
    const uniform = Array.from({ length: 500 }, () =>
      sampleLatency(fault({ distribution: 'uniform', min: 100, max: 200 }), random),
    );
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...uniform)).toBeLessThanOrEqual(200);
    const lognormal = Array.from({ length: 2000 }, () =>
      sampleLatency(fault({ distribution: 'lognormal', median: 100, sigma: 1, max: 1000 }), random),
    ).sort((a, b) => a - b);
    expect(lognormal.at(-1)).toBeLessThanOrEqual(1000);
    expect(lognormal[1000]).toBeGreaterThan(80);
    expect(lognormal[1000]).toBeLessThan(125);
  });

  it('is reproducible from the seed', () => {
    const f = fault({ distribution: 'lognormal', median: 100, sigma: 0.5 });
    const run = () => {
      const random = createRandom(11);
      return Array.from({ length: 5 }, () => sampleLatency(f, random));
    };
    expect(run()).toEqual(run());
  });
});

describe('engine', () => {
  it('keeps the previous faults when new ones are invalid or unsupported', () => {
    const engine = engineWith([{ kind: 'http-error', target: 'openai' }]);
    expect(() => engine.setFaults([{ kind: 'http-error', target: 'openai', status: 200 }])).toThrow(
      /got 200/,
    );
    expect(() => engine.setFaults([{ kind: 'network', target: 'openai', mode: 'dns' }])).toThrow(
      expect.objectContaining({ code: 'BROWNOUT_FAULT_UNSUPPORTED' }),
    );
    expect(engine.getFaults()).toMatchObject([{ kind: 'http-error', status: 503 }]);
  });

  it('counts per fault, per target and per kind; reset zeroes everything', () => {
    const engine = engineWith([{ kind: 'auth', target: 'openai', times: 2 }]);
    for (let i = 0; i < 3; i++) engine.handle(chatRequest('openai'));
    engine.handle(chatRequest('huggingface'));
    expect(engine.stats()).toEqual({
      backend: 'server',
      requests: 4,
      injected: 2,
      byTarget: {
        openai: { requests: 3, injected: 2, byKind: { auth: 2 } },
        huggingface: { requests: 1, injected: 0, byKind: {} },
      },
      faults: [{ index: 0, kind: 'auth', target: 'openai', seen: 3, injected: 2 }],
    });
    engine.reset();
    expect(engine.stats()).toMatchObject({
      requests: 0,
      injected: 0,
      byTarget: {},
      faults: [{ seen: 0, injected: 0 }],
    });
  });
});
