/**
 * End to end: `brownout run --target-cmd` starts brownout's own gateway fresh for every scenario
 * (its upstream the fault server of that scenario), and leaves no process behind: after a run,
 * after a gateway that never comes up, and after brownout itself is interrupted.
 * The command appends its shell's pid to a file, then execs the gateway (same pid, same group).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.ts';
import { groupAlive } from '../../src/systems/gateway-process.ts';
import { REPO, runCli } from '../cli/support/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'brownout-target-cmd-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The gateway command: record the pid, then become brownout's gateway with the scenario's policies. */
function gatewayCommand(pidFile: string): string {
  return `echo $$ >> ${pidFile}; exec "${process.execPath}" --import tsx src/cli/main.ts gateway --port {port} --upstream {upstream} --scenario {scenario}`;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function pids(file: string): Promise<number[]> {
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map(Number);
}

describe('brownout run --target-cmd', () => {
  it('starts a fresh gateway per scenario, runs it, and stops it', async () => {
    const pidFile = join(dir, 'run.pids');
    const out = join(dir, 'run');
    const result = await runCli(
      [
        'run',
        'scenarios/primary-503-burst.ts',
        'scenarios/total-outage.ts',
        '--target-cmd',
        gatewayCommand(pidFile),
        '--system-name',
        'brownout-gateway',
        '--seed',
        '1',
        '--out',
        out,
      ],
      240_000,
    );
    // Exit 0 or 1 (a latency threshold can tip on a loaded machine); 2 would be a usage or start error.
    expect([0, 1], result.stderr).toContain(result.code);
    const started = await pids(pidFile);
    // One gateway per scenario, each its own process, none left.
    expect(started).toHaveLength(2);
    expect(new Set(started).size).toBe(2);
    for (const pid of started) expect(groupAlive(pid)).toBe(false);
    const report = JSON.parse(await readFile(join(out, 'resilience-report.json'), 'utf8')) as RunReport;
    expect(report.system).toMatchObject({ name: 'brownout-gateway', kind: 'gateway-command' });
    expect(report.scenarios.map((s) => [s.id, s.backend, s.stats.requests])).toEqual([
      ['primary-503-burst', 'server', 40],
      ['total-outage', 'server', 20],
    ]);
    expect(report.scenarios.every((s) => (s.faults[0]?.injected ?? 0) > 0)).toBe(true);
    // Every request of the outage failed, with the gateway's typed code: a fresh gateway, not a stale one.
    expect(report.scenarios[1]?.stats.succeeded).toBe(0);
    // The gateway reported its own route: the fallback served during the burst.
    expect(report.scenarios[0]?.stats.servedBy.huggingface ?? 0).toBeGreaterThan(0);
  }, 250_000);

  it('a gateway that never comes up: exit 2 with its own output, and no process left', async () => {
    const pidFile = join(dir, 'never.pids');
    const result = await runCli(
      [
        'run',
        'scenarios/total-outage.ts',
        '--target-cmd',
        `echo $$ >> ${pidFile}; echo "gateway 0.0 booting"; echo "fatal: no providers configured" >&2; exec sleep 120`,
        '--target-ready-timeout',
        '1500',
        '--out',
        join(dir, 'never'),
      ],
      60_000,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /cannot start the gateway: --target-cmd: the gateway .* did not answer a healthy request/,
    );
    expect(result.stderr).toContain('fatal: no providers configured');
    const started = await pids(pidFile);
    expect(started).toHaveLength(1);
    expect(groupAlive(started[0] as number)).toBe(false);
  }, 70_000);

  it('brownout interrupted mid-scenario (SIGINT): the gateway is stopped too', async () => {
    const pidFile = join(dir, 'interrupt.pids');
    // A scenario that sends traffic for 60 s: the interrupt lands while it runs.
    const scenario = join(dir, 'long-haul.json');
    await writeFile(
      scenario,
      JSON.stringify({
        id: 'long-haul',
        title: 'Traffic for a minute, OpenAI a little slow',
        traffic: { mode: 'open', ratePerSec: 5, durationMs: 60_000 },
        faults: [{ kind: 'latency', target: 'openai', distribution: 'fixed', ms: 5 }],
        checks: { availability: { min: 1 } },
      }),
    );
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'run',
        scenario,
        '--target-cmd',
        `echo $$ {port} >> ${pidFile}; exec "${process.execPath}" --import tsx src/cli/main.ts gateway --port {port} --upstream {upstream}`,
        '--out',
        join(dir, 'interrupt'),
      ],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      // Wait until the gateway listens, then a little more: brownout's readiness check passes and traffic flows.
      const deadline = Date.now() + 90_000;
      let gateway: number | undefined;
      let port: number | undefined;
      while (Date.now() < deadline) {
        const line = (existsSync(pidFile) ? await readFile(pidFile, 'utf8') : '').trim();
        [gateway, port] = line ? line.split(' ').map(Number) : [];
        if (port && (await listening(port))) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(gateway, stderr).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(groupAlive(gateway as number)).toBe(true);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toMatch(/SIGINT: stopping 1 gateway process/);
      expect(groupAlive(gateway as number)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
