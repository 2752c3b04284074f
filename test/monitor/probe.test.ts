// What a probe checks beyond "it answered": the token budget of reasoning models, content
// assertions, latency and TTFT thresholds, the Hugging Face hub (gated, provider mapping).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateMonitor } from '../../src/monitor/config.ts';
import type { MonitorInput } from '../../src/monitor/config-schema.ts';
import { silentLogger } from '../../src/monitor/log.ts';
import { Monitor } from '../../src/monitor/monitor.ts';
import { type MonitorWorld, startWorld } from './support/monitor-env.ts';
import { type ReasoningServer, startReasoningServer } from './support/reasoning-server.ts';

let world: MonitorWorld;
let reasoning: ReasoningServer;
beforeAll(async () => {
  world = await startWorld();
  reasoning = await startReasoningServer();
});
afterAll(async () => {
  await world.close();
  await reasoning.close();
});

async function once(overrides: Partial<MonitorInput>, faults: unknown[] = []) {
  const monitor = world.monitor(world.config({ history: { file: ':memory:' }, alerts: {}, ...overrides }));
  world.faults(faults);
  try {
    const cycle = await monitor.runCycle();
    return {
      cycle,
      byPath: Object.fromEntries(cycle.paths.map((p) => [p.id, p])),
      metrics: await monitor.metrics.text(),
    };
  } finally {
    world.faults([]);
    await monitor.close();
  }
}

function reasoningMonitor(input: Partial<MonitorInput>) {
  const config = validateMonitor(
    {
      name: 'reasoning',
      providers: [
        { type: 'openai-compatible', name: 'oss', baseURL: `${reasoning.url}/v1`, model: 'gpt-oss-20b' },
      ],
      thresholds: { failureThreshold: 1, successThreshold: 1 },
      history: { file: ':memory:' },
      ...input,
    },
    'inline',
    {},
  );
  return new Monitor(config, { env: {}, log: silentLogger });
}

describe('the token budget', () => {
  it('gives reasoning models room by default, and a 16-token budget is reported as an empty answer', async () => {
    const roomy = reasoningMonitor({});
    const tight = reasoningMonitor({ probe: { maxTokens: 16 } });
    try {
      const ok = await roomy.runCycle();
      expect(ok.paths[0]?.result.verdict).toBe('up');
      const starved = await tight.runCycle();
      expect(starved.paths[0]?.result).toMatchObject({ verdict: 'down', class: 'empty-answer' });
      expect(starved.paths[0]?.result.message).toContain('max_tokens 16');
      expect(reasoning.maxTokens.slice(-2)).toEqual([256, 16]);
    } finally {
      await roomy.close();
      await tight.close();
    }
  });
});

describe('content assertions', () => {
  it('pass on a matching answer and fail with assertion-failed otherwise', async () => {
    const good = await once({
      router: { chain: false, forcedFailover: false },
      probe: { assert: { contains: ['fallback'], matches: 'The \\w+' } },
    });
    expect(good.byPath.huggingface?.result.verdict).toBe('up');
    // The fake OpenAI does not say "fallback": that path fails the same assertion.
    expect(good.byPath.openai?.result).toMatchObject({ verdict: 'down', class: 'assertion-failed' });
    const json = await once({
      router: { chain: false, forcedFailover: false },
      probe: { assert: { jsonSchema: { type: 'object', required: ['status'] } } },
    });
    expect(json.byPath.openai?.result).toMatchObject({
      class: 'assertion-failed',
      message: expect.stringContaining('not JSON'),
    });
  });
});

describe('latency thresholds', () => {
  const slow = [{ kind: 'latency', target: 'openai', distribution: 'fixed', ms: 400 }];
  it('degraded at, failed at (Checkly), on the whole probe', async () => {
    const degraded = await once(
      { thresholds: { failureThreshold: 1, successThreshold: 1, degradedMs: 300, downMs: 5000 } },
      slow,
    );
    expect(degraded.byPath.openai?.status).toMatchObject({ state: 'degraded', class: 'slow' });
    expect(degraded.cycle.exitCode).toBe(1);
    const down = await once(
      { thresholds: { failureThreshold: 1, successThreshold: 1, degradedMs: 100, downMs: 300 } },
      slow,
    );
    expect(down.byPath.openai?.status).toMatchObject({ state: 'down', class: 'slow' });
  });

  it('measures time to first token on streaming probes and exports it', async () => {
    const streamed = await once({ probe: { stream: true } });
    const result = streamed.byPath.openai?.result;
    expect(result?.verdict).toBe('up');
    expect(result?.ttftMs).toBeGreaterThan(0);
    expect(result?.ttftMs).toBeLessThanOrEqual(result?.durationMs ?? 0);
    expect(streamed.metrics).toMatch(
      /brownout_probe_ttft_seconds_count\{path="openai",provider="openai",model="gpt-4o-mini"\} 1/,
    );
    const late = await once(
      { probe: { stream: true }, thresholds: { failureThreshold: 1, successThreshold: 1, ttftDownMs: 300 } },
      [{ kind: 'latency', target: 'openai', distribution: 'fixed', ms: 500 }],
    );
    expect(late.byPath.openai?.result).toMatchObject({
      verdict: 'down',
      class: 'slow',
      detail: expect.stringContaining('first token'),
    });
  });
});

describe('the Hugging Face hub', () => {
  function hubMonitor(extra: Record<string, unknown> = {}) {
    const config = validateMonitor(
      {
        name: 'hub',
        providers: [
          {
            type: 'huggingface',
            model: 'openai/gpt-oss-20b',
            endpointUrl: world.server.endpoints.huggingface.endpointUrl,
            hubUrl: reasoning.url,
            ...extra,
          },
        ],
        thresholds: { failureThreshold: 1, successThreshold: 1 },
        history: { file: ':memory:' },
      },
      'inline',
      {},
    );
    return new Monitor(config, { env: {}, log: silentLogger });
  }

  it('reports a model that lost its last live provider as model-missing, and availability as a metric', async () => {
    const monitor = hubMonitor();
    try {
      reasoning.hubInfo = {
        id: 'openai/gpt-oss-20b',
        gated: false,
        inferenceProviderMapping: { together: { status: 'live' } },
      };
      expect((await monitor.runCycle()).paths[0]?.result.verdict).toBe('up');
      expect(await monitor.metrics.text()).toMatch(
        /brownout_hf_model_available\{provider="huggingface",model="openai\/gpt-oss-20b"\} 1/,
      );
      reasoning.hubInfo = {
        id: 'openai/gpt-oss-20b',
        gated: false,
        inferenceProviderMapping: { together: { status: 'staging' } },
      };
      const lost = (await monitor.runCycle()).paths[0]?.result;
      expect(lost).toMatchObject({ verdict: 'down', class: 'model-missing', detail: 'no-live-provider' });
      expect(await monitor.metrics.text()).toMatch(
        /brownout_hf_model_available\{provider="huggingface",model="openai\/gpt-oss-20b"\} 0/,
      );
    } finally {
      await monitor.close();
    }
  });

  it('requires the named inference provider to be live, and a gated repo needs a token', async () => {
    const wanted = hubMonitor({ inferenceProvider: 'hf-inference' });
    const plain = hubMonitor({ checkProviderMapping: false });
    try {
      reasoning.hubInfo = {
        id: 'openai/gpt-oss-20b',
        gated: false,
        inferenceProviderMapping: { together: { status: 'live' } },
      };
      const wrong = (await wanted.runCycle()).paths[0]?.result;
      expect(wrong).toMatchObject({ verdict: 'down', class: 'model-missing', detail: 'no-live-provider' });
      reasoning.hubInfo = { id: 'openai/gpt-oss-20b', gated: 'manual' };
      expect((await plain.runCycle()).paths[0]?.result).toMatchObject({
        verdict: 'down',
        class: 'auth',
        detail: 'gated',
      });
    } finally {
      await wanted.close();
      await plain.close();
    }
  });
});
