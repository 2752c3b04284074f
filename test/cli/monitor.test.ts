// `brownout monitor --once` as cron and CI run it: exit 0 all up, 1 a path down, 2 a bad file;
// JSON on stdout with --json, JSON-lines logs on stderr, no secret in either.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MonitorWorld, startWorld } from '../monitor/support/monitor-env.ts';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;

function monitorCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'monitor', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let world: MonitorWorld;
let file: string;
const SECRET = 'sk-cli-secret-abcdef123456';
beforeAll(async () => {
  world = await startWorld();
  const { openai, huggingface } = world.server.endpoints;
  file = join(world.dir, 'brownout.monitor.yaml');
  writeFileSync(
    file,
    [
      'name: cli',
      'providers:',
      `  - { type: openai, model: gpt-4o-mini, baseURL: ${openai.baseURL}, apiKeyEnv: OPENAI_API_KEY }`,
      `  - { type: huggingface, model: openai/gpt-oss-20b, endpointUrl: ${huggingface.endpointUrl}, hubUrl: ${huggingface.hubUrl} }`,
      'router: { chain: true, forcedFailover: true }',
      'thresholds: { failureThreshold: 1, successThreshold: 1 }',
      `history: { file: ${join(world.dir, 'cli.db')} }`,
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await world.close();
});

describe('brownout monitor --once', () => {
  it('exits 0 when every path is up, 1 when the fallback is down, with JSON on stdout', async () => {
    const env = { OPENAI_API_KEY: SECRET };
    const healthy = await monitorCli(['--config', file, '--once', '--json'], env);
    expect(healthy.code, healthy.stderr).toBe(0);
    expect(
      JSON.parse(healthy.stdout).paths.map((p: { path: string; state: string }) => `${p.path}:${p.state}`),
    ).toEqual(['openai:up', 'huggingface:up', 'router:up', 'failover:up']);

    // The key is in the environment of the run: it must reach no output.
    world.faults([{ kind: 'model-missing', target: 'huggingface' }]);
    const broken = await monitorCli(['--config', file, '--once', '--json'], env);
    world.faults([]);
    expect(broken.code, broken.stderr).toBe(1);
    const result = JSON.parse(broken.stdout);
    expect(result.paths.find((p: { path: string }) => p.path === 'failover')).toMatchObject({
      state: 'down',
      class: 'model-missing',
    });
    const logs = broken.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(
      logs.some((l) => l.event === 'probe' && l.path === 'failover' && l.class === 'model-missing'),
    ).toBe(true);
    expect(broken.stdout + broken.stderr).not.toContain(SECRET);
  }, 120_000);

  it('exits 2 on a bad file, naming the file and the field', async () => {
    const bad = join(world.dir, 'bad.monitor.yaml');
    writeFileSync(
      bad,
      'name: bad\nproviders:\n  - { type: openai, model: m, apiKeyEnv: NOT_SET_ANYWHERE }\nintervalS: -1\n',
    );
    const run = await monitorCli(['--config', bad, '--once'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad.monitor.yaml');
    expect(run.stderr).toContain('intervalS: must be a number of at least 1 (seconds)');
  }, 60_000);
});
