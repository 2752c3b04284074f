// Monitor files: strict validation with the file and field named, keys only from the environment,
// TypeScript through defineMonitor, and the shipped JSON Schema in step with the validator.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { validateMonitor } from '../../src/monitor/config.ts';
import { isMonitorConfigError } from '../../src/monitor/errors.ts';
import { monitorJsonSchema } from '../../src/monitor/json-schema.ts';
import { loadMonitorConfig } from '../../src/monitor/load-config.ts';
import { readmeMonitorYaml } from './support/readme-example.ts';

const dir = mkdtempSync(join(tmpdir(), 'brownout-monitor-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEMA = new URL('../../schemas/monitor.schema.json', import.meta.url);
const ENV = {
  OPENAI_API_KEY: 'sk-test-1234567890',
  HF_TOKEN: 'hf_abcdefghijkl',
  SLACK_WEBHOOK_URL: 'http://127.0.0.1:1/x',
  PAGERDUTY_ROUTING_KEY: 'k'.repeat(32),
};

function issuesOf(input: unknown, env: NodeJS.ProcessEnv = ENV): string[] {
  try {
    validateMonitor(input, 'm.yaml', env);
  } catch (error) {
    if (isMonitorConfigError(error)) return [...error.issues];
    throw error;
  }
  return [];
}

const MINIMAL = { name: 'm', providers: [{ type: 'openai', model: 'gpt-4o-mini' }] };

describe('validateMonitor', () => {
  it('applies defaults that suit reasoning models and flap control', () => {
    const config = validateMonitor(MINIMAL, 'm.yaml', {});
    expect(config.probe.maxTokens).toBe(256);
    expect(config.thresholds).toMatchObject({ failureThreshold: 2, successThreshold: 2 });
    expect(config.router).toEqual({ chain: false, forcedFailover: false });
    expect(config.intervalMs).toBe(60_000);
  });

  it('names the field and what was expected', () => {
    expect(issuesOf({ ...MINIMAL, intervalS: 0, thresholds: { failureThreshold: 0 }, typo: 1 })).toEqual([
      'intervalS: must be a number of at least 1 (seconds)',
      'thresholds.failureThreshold: must be a whole number of at least 1',
      '(root): unknown field "typo" (a typo?)',
    ]);
    expect(issuesOf({ name: 'm', providers: [{ type: 'anthropic', model: 'x' }] })).toEqual([
      'providers[0].type: must have "type" openai, huggingface or openai-compatible',
    ]);
    expect(issuesOf({ providers: [] })).toEqual([
      'name: is required',
      'providers: must list at least one provider',
    ]);
  });

  it('reads keys only from the environment, and says which variable is missing', () => {
    const input = {
      ...MINIMAL,
      providers: [{ type: 'openai', model: 'm', apiKeyEnv: 'MY_KEY' }],
      alerts: { pagerduty: { routingKeyEnv: 'PD' } },
    };
    expect(issuesOf(input, {})).toEqual([
      'providers[0].apiKeyEnv: the environment variable MY_KEY is not set',
      'alerts.pagerduty.routingKeyEnv: the environment variable PD is not set',
    ]);
    const config = validateMonitor(input, 'm.yaml', { MY_KEY: 'sk-secret-123456', PD: 'r'.repeat(32) });
    expect(config.secrets).toEqual(['sk-secret-123456', 'r'.repeat(32)]);
    expect(
      issuesOf({ ...MINIMAL, providers: [{ type: 'openai', model: 'm', apiKey: 'sk-inline' }] }),
    ).toEqual(['providers[0]: unknown field "apiKey" (a typo?)']);
  });

  it('checks what spans fields', () => {
    expect(
      issuesOf({
        ...MINIMAL,
        router: { forcedFailover: true },
        thresholds: { degradedMs: 500, downMs: 100, window: { failures: 4, of: 3 } },
        alerts: {
          maintenance: [{ start: '2026-01-02T00:00:00Z', end: '2026-01-01T00:00:00Z' }, { paths: ['x'] }],
        },
      }),
    ).toEqual([
      'thresholds.degradedMs: must not be above thresholds.downMs',
      'thresholds.window.failures: must not be above thresholds.window.of',
      'router.forcedFailover: needs at least two providers (a primary and a fallback)',
      'alerts.maintenance[0].end: must be after start',
      'alerts.maintenance[1]: needs "start" and "end", or "daily"',
    ]);
  });
});

describe('loadMonitorConfig', () => {
  it("loads the README's YAML example", async () => {
    const file = join(dir, 'brownout.monitor.yaml');
    writeFileSync(file, readmeMonitorYaml());
    const config = await loadMonitorConfig(file, ENV);
    expect(config.name).toBe('chat-failover');
    expect(config.providers.map((p) => p.type)).toEqual(['openai', 'huggingface']);
  });

  it('loads a TypeScript file written with defineMonitor', async () => {
    const file = join(dir, 'brownout.monitor.ts');
    // The light module: jiti transpiles what it imports, and the whole library takes long.
    const index = new URL('../../src/monitor/config.ts', import.meta.url).pathname;
    writeFileSync(
      file,
      `import { defineMonitor } from ${JSON.stringify(index)};\nexport default defineMonitor({ name: 'ts', providers: [{ type: 'openai', model: 'gpt-4o-mini' }], intervalS: 30 });\n`,
    );
    const config = await loadMonitorConfig(file, {});
    expect(config).toMatchObject({ name: 'ts', intervalMs: 30_000 });
  });

  it('names the file on a bad JSON file', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ name: 'x', providers: [{ type: 'openai' }] }));
    await expect(loadMonitorConfig(file, {}, dir)).rejects.toThrow(
      /bad\.json:\n {2}- providers\[0\]\.model: is required/,
    );
  });
});

describe('schemas/monitor.schema.json', () => {
  const shipped = JSON.parse(readFileSync(SCHEMA, 'utf8'));

  it('is what the validator generates (regenerate: see docs/monitor.md)', () => {
    expect(shipped).toEqual(monitorJsonSchema());
  });

  it('agrees with the validator on good and bad files', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(shipped);
    const example = parseYaml(readmeMonitorYaml());
    const cases: unknown[] = [
      example,
      MINIMAL,
      { ...MINIMAL, typo: 1 },
      { ...MINIMAL, intervalS: 0 },
      { name: 'm', providers: [{ type: 'huggingface', model: 'x', accessTokenEnv: 'lower-case' }] },
      { name: 'm', providers: [{ type: 'openai-compatible', model: 'x', baseURL: 'http://h/v1' }] },
      { ...MINIMAL, alerts: { pagerduty: { routingKeyEnv: 'PD', severity: 'fatal' } } },
    ];
    for (const input of cases) {
      // The environment holds every variable, so only the shape decides.
      const env = new Proxy({}, { get: () => 'x'.repeat(32) }) as NodeJS.ProcessEnv;
      const byValidator = issuesOf(input, env).length === 0;
      expect(validate(input), JSON.stringify(input)).toBe(byValidator);
    }
  });
});
