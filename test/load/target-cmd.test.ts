/**
 * `brownout load --target-cmd` when the gateway does not come up: exit 2 with the gateway's own
 * output, and no process of it left. k6 is a stand-in here that records being run: it must not be,
 * since there is nothing to load.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCommand } from '../../src/cli/commands/load.ts';
import { brownout } from './support/k6.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('brownout load --target-cmd: a gateway that never becomes ready', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let k6Ran: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brownout-load-cmd-'));
    k6Ran = join(dir, 'k6-ran');
    const k6 = join(dir, 'k6');
    // Answers `k6 version` as k6 2.2 does; anything else (a `k6 run`) leaves a mark and fails.
    await writeFile(
      k6,
      `#!/bin/sh\nif [ "$1" = version ]; then echo "k6 v2.2.0 (stand-in)"; exit 0; fi\ntouch '${k6Ran}'\nexit 1\n`,
      { mode: 0o755 },
    );
    env = { ...process.env, K6_BINARY: k6 };
    delete env.BROWNOUT_TARGET_HEADERS;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('listens nowhere: exit 2 after the ready timeout, with its output, and its process is gone', async () => {
    const pidFile = join(dir, 'hung.pid');
    const out = join(dir, 'hung');
    // The shell becomes `sleep` (exec): the pid it wrote is the gateway's, and it never answers.
    const command = `echo "pretend gateway on port {port}, upstream {upstream}"; echo $$ > '${pidFile}'; exec sleep 120`;
    const started = performance.now();
    const result = await brownout(
      ['load', '--target-cmd', command, '--target-ready-timeout', '1500', '--out', out],
      env,
      60_000,
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('brownout load: cannot start the gateway: --target-cmd: the gateway');
    expect(result.stderr).toMatch(
      /did not answer a healthy request at http:\/\/127\.0\.0\.1:\d+ within 1500 ms/,
    );
    // The gateway's own output, placeholders filled in with the fault server's address.
    expect(result.stderr).toMatch(/pretend gateway on port \d+, upstream http:\/\/127\.0\.0\.1:\d+/);
    // Bounded: the ready timeout, not the 120 s sleep, ended it (wide margin for a loaded machine).
    expect(performance.now() - started).toBeLessThan(45_000);
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(pid).toBeGreaterThan(1);
    expect(alive(pid)).toBe(false);
    expect(existsSync(k6Ran)).toBe(false);
  }, 70_000);

  it('exits before it is ready: exit 2 naming its exit code, with what it printed', async () => {
    const out = join(dir, 'exits');
    const result = await brownout(
      ['load', '--target-cmd', 'echo "cannot bind {port}: config missing" >&2; exit 3', '--out', out],
      env,
      60_000,
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('exited with code 3 before it answered a healthy request');
    expect(result.stderr).toMatch(/cannot bind \d+: config missing/);
    expect(existsSync(k6Ran)).toBe(false);
  }, 70_000);

  it('--target with --target-cmd, an unknown placeholder, or bad BROWNOUT_TARGET_HEADERS: exit 2', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const saved = process.env.K6_BINARY;
    const savedHeaders = process.env.BROWNOUT_TARGET_HEADERS;
    process.env.K6_BINARY = env.K6_BINARY;
    try {
      const out = join(dir, 'usage');
      const both = { target: 'http://127.0.0.1:9/v1', targetCmd: 'sleep 1', faultServerPort: 9, out };
      expect(await loadCommand(undefined, both)).toBe(2);
      expect(await loadCommand(undefined, { targetReadyTimeout: 1000, out })).toBe(2);
      expect(await loadCommand(undefined, { targetCmd: 'gw --port {prot}', out })).toBe(2);
      process.env.BROWNOUT_TARGET_HEADERS = '{"x-portkey-config": ';
      expect(await loadCommand(undefined, { targetCmd: 'sleep 1', out })).toBe(2);
      const written = stderr.mock.calls.map((c) => String(c[0])).join('');
      expect(written).toContain(
        '--target and --target-cmd each name the gateway under load; give one of them',
      );
      expect(written).toContain('--target-ready-timeout goes with --target-cmd');
      expect(written).toContain('the gateway command uses {prot}, which brownout does not fill in');
      expect(written).toContain('brownout load: BROWNOUT_TARGET_HEADERS must be a JSON object');
      expect(existsSync(k6Ran)).toBe(false);
    } finally {
      stderr.mockRestore();
      if (saved === undefined) delete process.env.K6_BINARY;
      else process.env.K6_BINARY = saved;
      if (savedHeaders === undefined) delete process.env.BROWNOUT_TARGET_HEADERS;
      else process.env.BROWNOUT_TARGET_HEADERS = savedHeaders;
    }
  }, 30_000);
});
