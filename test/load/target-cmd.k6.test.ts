/**
 * `brownout load --target-cmd` with a real k6: brownout starts `brownout gateway` (from dist/, so
 * `npm run build` first) on a free port with its upstream at the run's fault server, loads it
 * through the three phases, and stops it. No k6 is a failure (support/k6.ts), never a skip.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReportFile } from '../../src/report/schema.ts';
import { brownout, k6ForTests, REPO } from './support/k6.ts';

/** Whether the process runs; a zombie (ended, its parent gone and init not yet reaping) does not. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** Pids of live processes whose command line mentions `text` (zombies excluded). */
function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) found.push(Number(entry));
    } catch {
      // Ended while we looked.
    }
  }
  return found;
}

describe('brownout load --target-cmd with a real k6', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brownout-k6-cmd-'));
    env = { ...process.env, K6_BINARY: await k6ForTests() };
    delete env.BROWNOUT_TARGET_HEADERS;
    if (!existsSync(join(REPO, 'dist/cli/main.js')))
      throw new Error('dist/cli/main.js is missing: run `npm run build` before the k6 tests');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts `brownout gateway`, loads it through the three phases, and stops it', async () => {
    const out = join(dir, 'gateway');
    const pidFile = join(dir, 'gateway.pid');
    const command = `echo $$ > '${pidFile}'; exec node dist/cli/main.js gateway --port {port} --upstream {upstream}`;
    const result = await brownout(
      [
        'load',
        '--target-cmd',
        command,
        '--duration',
        '3s,4s,3s',
        '--rate',
        '8',
        '--streaming',
        '0.25',
        '--out',
        out,
      ],
      env,
      150_000,
    );
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    const [run] = (await readReportFile(join(out, 'resilience-report.json'))).load ?? [];
    if (!run) throw new Error('the report has no load run');
    expect(run).toMatchObject({ gateway: 'external', verdict: 'pass', k6: { exitCode: 0 } });
    expect(run.phases.map((p) => p.name)).toEqual(['baseline', 'fault', 'recovery']);
    // The fault phase really injected the 429 storm on the primary, and the gateway moved traffic.
    expect(run.faults).toEqual([{ kind: 'rate-limit', target: 'openai', injected: expect.any(Number) }]);
    expect(run.faults[0]?.injected).toBeGreaterThan(0);
    const [baseline, fault, recovery] = run.phases;
    // A fresh gateway process on a loaded machine may fail over a few slow baseline answers.
    expect(baseline?.fallbackShare).toBeLessThan(0.25);
    expect(fault?.fallbackShare).toBeGreaterThan(0.5);
    expect(recovery?.requests).toBeGreaterThan(10);
    expect(run.thresholds.length).toBeGreaterThan(0);
    expect(run.thresholds.every((t) => t.ok)).toBe(true);
    // The gateway was stopped with the run.
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(pid).toBeGreaterThan(1);
    expect(alive(pid)).toBe(false);
  }, 180_000);

  it('on SIGTERM mid-run stops the gateway and k6, and exits 143', async () => {
    const out = join(dir, 'interrupted');
    const pidFile = join(dir, 'interrupted.pid');
    const command = `echo $$ > '${pidFile}'; exec node dist/cli/main.js gateway --port {port} --upstream {upstream}`;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'load',
        '--target-cmd',
        command,
        '--duration',
        '30s',
        '--out',
        out,
      ],
      { cwd: REPO, env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
    const kill = setTimeout(() => child.kill('SIGKILL'), 150_000);
    try {
      // k6 opens its output file once it runs: the gateway is up and the load has begun.
      const points = join(out, 'k6', 'points.json.gz');
      const deadline = performance.now() + 120_000;
      while (!existsSync(points) && child.exitCode === null && performance.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect(existsSync(points), stderr).toBe(true);
      expect(processesMentioning(points).length).toBeGreaterThan(0);
      const pid = Number((await readFile(pidFile, 'utf8')).trim());
      expect(alive(pid)).toBe(true);
      child.kill('SIGTERM');
      expect(await exited, stderr).toBe(143);
      expect(stderr).toContain('brownout: SIGTERM: stopping 1 gateway process(es)');
      expect(alive(pid)).toBe(false);
      expect(processesMentioning(points)).toEqual([]);
    } finally {
      clearTimeout(kill);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 180_000);
});
