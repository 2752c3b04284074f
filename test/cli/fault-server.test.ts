// `brownout fault-server`: starts, prints what to configure, and each fault of the design card
// (503, 429 storm, timeout, auth, HF repo missing) can be switched on and off over HTTP.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, 'fault-server', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The first two stdout lines (the configuration), as printed. */
async function configLines(child: ChildProcess): Promise<string[]> {
  let out = '';
  for await (const chunk of child.stdout!) {
    out += chunk;
    const lines = out.split('\n');
    if (lines.length > 2) return lines.slice(0, 2);
  }
  throw new Error(`the server exited before printing its endpoints: ${out}`);
}

describe('brownout fault-server', () => {
  let child: ChildProcess;
  let base: string;
  const put = (faults: unknown[]) =>
    fetch(`${base}/__brownout/faults`, { method: 'PUT', body: JSON.stringify(faults) });
  const chat = (prefix: string, signal?: AbortSignal) =>
    fetch(`${base}${prefix}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
      signal,
    });

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brownout-cli-'));
    const file = join(dir, 'faults.yaml');
    writeFileSync(file, 'faults:\n  - kind: auth\n    target: openai\n    times: 1\n');
    child = run(['--port', '0', '--faults', file, '--seed', '3']);
    const lines = await configLines(child);
    const port = /127\.0\.0\.1:(\d+)/.exec(lines[0]!)?.[1];
    base = `http://127.0.0.1:${port}`;
    expect(lines).toEqual([
      `openai baseURL ${base}/openai/v1`,
      `huggingface endpointUrl ${base}/hf hubUrl ${base}/hf`,
    ]);
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('starts with the faults of --faults', async () => {
    expect((await chat('/openai')).status).toBe(401);
    expect((await chat('/openai')).status).toBe(200);
  });

  it('switches the design-card faults on and off', async () => {
    await put([{ kind: 'http-error', target: 'openai', status: 503 }]);
    expect((await chat('/openai')).status).toBe(503);

    await put([{ kind: 'rate-limit', target: 'openai', retryAfterS: 2, storm: { durationMs: 60000 } }]);
    const storm = await Promise.all([chat('/openai'), chat('/openai'), chat('/openai')]);
    expect(storm.map((r) => [r.status, r.headers.get('retry-after')])).toEqual([
      [429, '2'],
      [429, '2'],
      [429, '2'],
    ]);

    await put([{ kind: 'timeout', target: 'openai', mode: 'hang' }]);
    await expect(chat('/openai', AbortSignal.timeout(200))).rejects.toMatchObject({ name: 'TimeoutError' });

    await put([{ kind: 'auth', target: 'openai', status: 401 }]);
    expect((await (await chat('/openai')).json()).error.code).toBe('invalid_api_key');

    await put([{ kind: 'model-missing', target: 'huggingface', path: '/api/models' }]);
    const hub = await fetch(`${base}/hf/api/models/openai/gpt-oss-20b/revision/HEAD`);
    expect([hub.status, await hub.json()]).toEqual([404, { error: 'Repository not found' }]);

    expect((await fetch(`${base}/__brownout/faults`, { method: 'DELETE' })).status).toBe(200);
    expect((await chat('/openai')).status).toBe(200);
    expect((await fetch(`${base}/hf/api/models/openai/gpt-oss-20b/revision/HEAD`)).status).toBe(200);
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('exits 2 with the validation message for a bad faults file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brownout-cli-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify([{ kind: 'rate-limit', target: 'openai', retryAfterS: -1 }]));
    const bad = run(['--port', '0', '--faults', file]);
    let stderr = '';
    bad.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    const [code] = await once(bad, 'exit');
    expect(code).toBe(2);
    expect(stderr).toContain(
      `${file}: faults[0].retryAfterS: must be an integer in the range [0, 86400] (seconds), got -1`,
    );
  });
});
