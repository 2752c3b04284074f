import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from '../../../src/report/model.ts';
import { parseReport } from '../../../src/report/schema.ts';
import { freePort, REPO, runCli } from '../../cli/support/cli.ts';

/**
 * Drives a real peer gateway (examples/gateways/<name>/start.sh) with `brownout run --target`:
 * one small scenario whose first requests are healthy and whose later ones meet a 503 from the
 * primary. What the gateway does with the 503 is a finding about the gateway, not a failure of
 * brownout: callers assert only that brownout drove it end to end and wrote a valid report.
 */
export interface PeerRun {
  code: number | null;
  stderr: string;
  report: RunReport;
  gatewayOutput: string;
}

/** The scenario: 6 requests one at a time; from the primary's 3rd request on, 503. */
export const PEER_SCENARIO = {
  id: 'peer-smoke',
  title: 'A healthy start, then the primary answers 503',
  traffic: { requests: 6, concurrency: 1, streaming: 0 },
  faults: [{ kind: 'http-error', target: 'openai', status: 503, after: 2 }],
  checks: { 'no-lost-requests': { expected: 6 } },
};

/** Starts `start.sh PORT UPSTREAM` in its own process group; ready once it answers HTTP at all. */
async function startPeer(
  name: string,
  port: number,
  upstream: string,
  readyTimeoutMs: number,
): Promise<{ child: ChildProcess; output: () => string; stop: () => Promise<void> }> {
  const child = spawn('bash', [join(REPO, 'examples/gateways', name, 'start.sh'), String(port), upstream], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode} before it answered:\n${out}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) });
      return { child, output: () => out, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(
          `${name} did not answer on port ${port} within ${readyTimeoutMs} ms:\n${out.slice(-3000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Starts the peer, runs the scenario against it, stops the peer, and reads the report back. */
export async function drivePeer(
  name: string,
  headers: (upstream: string) => Record<string, unknown>,
  readyTimeoutMs: number,
): Promise<PeerRun> {
  const dir = await mkdtemp(join(tmpdir(), `brownout-peer-${name}-`));
  const [gatewayPort, faultPort] = [await freePort(), await freePort()];
  const upstream = `http://127.0.0.1:${faultPort}`;
  const peer = await startPeer(name, gatewayPort, upstream, readyTimeoutMs);
  try {
    const scenario = join(dir, 'peer-smoke.json');
    await writeFile(scenario, JSON.stringify(PEER_SCENARIO));
    process.env.BROWNOUT_TARGET_HEADERS = JSON.stringify(headers(upstream));
    const out = join(dir, 'out');
    const result = await runCli(
      [
        'run',
        scenario,
        '--target',
        `http://127.0.0.1:${gatewayPort}`,
        '--fault-server-port',
        String(faultPort),
        '--seed',
        '1',
        '--out',
        out,
      ],
      150_000,
    );
    const file = join(out, 'resilience-report.json');
    const report = parseReport(await readFile(file, 'utf8').catch(() => `missing: ${result.stderr}`), file);
    return { code: result.code, stderr: result.stderr, report, gatewayOutput: peer.output() };
  } finally {
    await peer.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
