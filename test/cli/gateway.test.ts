import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.ts';

const TIMEOUT_MS = 15_000;

describe('brownout gateway: bad usage', () => {
  let dir: string;
  let busy: Server;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brownout-gateway-cli-'));
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 2 naming the field when --config has a typo', async () => {
    const file = join(dir, 'typo.json');
    await writeFile(file, JSON.stringify({ breakr: false }));
    const result = await runCli(['gateway', '--port', '0', '--config', file], TIMEOUT_MS);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('brownout gateway: --config:');
    expect(result.stderr).toContain('breakr');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 when --config is neither JSON nor YAML, or out of range', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{');
    const range = join(dir, 'range.yaml');
    await writeFile(range, 'attemptTimeoutMs: 0\n');
    const [parse, outOfRange] = await Promise.all([
      runCli(['gateway', '--port', '0', '--config', broken], TIMEOUT_MS),
      runCli(['gateway', '--port', '0', '--config', range], TIMEOUT_MS),
    ]);
    expect(parse.code).toBe(2);
    expect(parse.stderr).toContain('is neither JSON nor YAML');
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toContain('attemptTimeoutMs');
  });

  it('exits 2 when --scenario is no valid scenario file, or comes with --config', async () => {
    const typo = join(dir, 'not-a-scenario.json');
    await writeFile(typo, JSON.stringify({ breakr: false }));
    const [invalid, both] = await Promise.all([
      runCli(['gateway', '--port', '0', '--scenario', typo], TIMEOUT_MS),
      runCli(
        ['gateway', '--port', '0', '--scenario', 'scenarios/total-outage.ts', '--config', typo],
        TIMEOUT_MS,
      ),
    ]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('--scenario: invalid scenario file');
    expect(invalid.stderr).toContain('breakr');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--config and --scenario');
  });

  it('exits 2 when --upstream is not an http URL', async () => {
    const result = await runCli(['gateway', '--port', '0', '--upstream', 'localhost:8787'], TIMEOUT_MS);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--upstream must be an http URL');
  });

  it('exits 1 with a message when the port is taken', async () => {
    const { port } = busy.address() as { port: number };
    const result = await runCli(['gateway', '--port', String(port)], TIMEOUT_MS);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot listen on 127.0.0.1:${port}`);
  });
});
