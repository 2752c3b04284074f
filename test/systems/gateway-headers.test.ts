/**
 * `--target-cmd` fills the command's placeholders into the values of `BROWNOUT_TARGET_HEADERS` too:
 * a gateway routed by a request header (as Portkey is) gets the fault server of each scenario and
 * its own port. Unit tests of the filling, then end to end with a header-routed gateway.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.ts';
import { gatewayPlaceholders } from '../../src/systems/fresh-gateway.ts';
import { targetHeadersFromEnv } from '../../src/systems/gateway.ts';
import { fillHeaderPlaceholders } from '../../src/systems/gateway-headers.ts';
import { isGatewayProcessError } from '../../src/systems/gateway-process.ts';
import { runCli } from '../cli/support/cli.ts';

const values = { ...gatewayPlaceholders('http://127.0.0.1:40123', undefined), port: '40200' };

describe('fillHeaderPlaceholders', () => {
  it('fills every placeholder in a JSON config and leaves its braces alone', () => {
    const env = {
      BROWNOUT_TARGET_HEADERS: JSON.stringify({
        'x-portkey-config': {
          strategy: { mode: 'fallback' },
          targets: [
            { provider: 'openai', custom_host: '{openai_base_url}' },
            { provider: 'openai', custom_host: '{hf_base_url}' },
          ],
        },
        'x-gateway': 'http://127.0.0.1:{port}',
        'x-plain': 'no placeholder',
      }),
    };
    const filled = fillHeaderPlaceholders(targetHeadersFromEnv(env), values);
    expect(JSON.parse(filled['x-portkey-config']!)).toEqual({
      strategy: { mode: 'fallback' },
      targets: [
        { provider: 'openai', custom_host: 'http://127.0.0.1:40123/openai/v1' },
        { provider: 'openai', custom_host: 'http://127.0.0.1:40123/hf/v1' },
      ],
    });
    expect(filled['x-gateway']).toBe('http://127.0.0.1:40200');
    expect(filled['x-plain']).toBe('no placeholder');
  });

  it('refuses a placeholder it does not fill, naming the header (exit 2 in the CLI)', () => {
    let thrown: unknown;
    try {
      fillHeaderPlaceholders({ 'x-portkey-config': '{"custom_host":"{openai_url}"}' }, values);
    } catch (error) {
      thrown = error;
    }
    expect(isGatewayProcessError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain('BROWNOUT_TARGET_HEADERS header "x-portkey-config"');
    expect((thrown as Error).message).toContain('its value uses {openai_url}');
    expect((thrown as Error).message).toContain('{openai_base_url}');
  });
});

describe('brownout run --target-cmd with header placeholders', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brownout-target-headers-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const command = `exec "${process.execPath}" test/systems/fixtures/header-routed-gateway.mjs {port}`;
  const config = { 'x-route-config': { port: '{port}', targets: ['{openai_base_url}', '{hf_base_url}'] } };

  it('a gateway routed by a header gets each scenario its own fault server and port', async () => {
    const out = join(dir, 'run');
    const result = await runCli(
      [
        'run',
        'scenarios/primary-503-burst.ts',
        '--target-cmd',
        command,
        '--black-box',
        '--seed',
        '1',
        '--out',
        out,
      ],
      180_000,
      { BROWNOUT_TARGET_HEADERS: JSON.stringify(config) },
    );
    // 2 would be a start error: the readiness request carries the header too.
    expect([0, 1], result.stderr).toContain(result.code);
    const report = JSON.parse(await readFile(join(out, 'resilience-report.json'), 'utf8')) as RunReport;
    const [scenario] = report.scenarios;
    // The fault fired on the primary and the header's second target served: the config was filled in.
    expect(scenario?.faults[0]?.injected ?? 0).toBeGreaterThan(0);
    expect(scenario?.stats.succeeded ?? 0).toBeGreaterThan(0);
    expect(scenario?.stats.servedBy.huggingface ?? 0).toBeGreaterThan(0);
  }, 200_000);

  it('an unknown placeholder in a header stops the run with exit 2, naming the header', async () => {
    const result = await runCli(
      [
        'run',
        'scenarios/primary-503-burst.ts',
        '--target-cmd',
        command,
        '--seed',
        '1',
        '--out',
        join(dir, 'bad'),
      ],
      120_000,
      { BROWNOUT_TARGET_HEADERS: JSON.stringify({ 'x-route-config': '{"base":"{upstream_url}"}' }) },
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('BROWNOUT_TARGET_HEADERS header "x-route-config"');
    expect(result.stderr).toContain('{upstream_url}');
  }, 150_000);
});
