import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.ts';

const TIMEOUT_MS = 90_000;

describe('servers that cannot listen say why, with no stack trace', { timeout: 120_000 }, () => {
  let dir: string;
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brownout-listen-'));
    await writeFile(join(dir, 'resilience-report.html'), '<!doctype html>');
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('a port out of range, a host that does not resolve, a port in use', async () => {
    const [run, gateway, faultServer, open, evil] = await Promise.all([
      runCli(['run', '--target', 'http://127.0.0.1:1', '--fault-server-port', '99999'], TIMEOUT_MS),
      runCli(['gateway', '--host', '999.1.1.1', '--port', '0'], TIMEOUT_MS),
      runCli(['fault-server', '--host', '999.1.1.1', '--port', '0'], TIMEOUT_MS),
      runCli(['report', 'open', dir, '--port', String(busyPort), '--no-browser'], TIMEOUT_MS),
      runCli(['fault-server', '--port', '0', '--provider', '../evil'], TIMEOUT_MS),
    ]);
    for (const result of [run, gateway, faultServer, open, evil]) {
      expect(result.signal).toBeNull();
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--fault-server-port must be a port number from 0 to 65535, got "99999"');
    expect(gateway.code).toBe(2);
    expect(gateway.stderr).toContain(
      'brownout gateway: cannot listen on 999.1.1.1:0: the host "999.1.1.1" does not resolve',
    );
    expect(faultServer.code).toBe(2);
    expect(faultServer.stderr).toContain('brownout fault-server: cannot listen on 999.1.1.1:0');
    expect(evil.code).toBe(2);
    expect(evil.stderr).toContain('--provider "../evil" is no provider name');
    expect(open.code).toBe(1);
    expect(open.stderr).toContain(
      `brownout report open: cannot listen on 127.0.0.1:${busyPort}: the port is in use`,
    );
  });
});
