/**
 * The gateway process lifecycle on real processes: started in its own group, ready once it answers
 * a healthy request, stopped with TERM then KILL, and a clear error with its own output when it
 * never comes up. Every test checks that no process of the group is left.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer } from '../../src/faults/server/fault-server.ts';
import {
  GatewayProcessError,
  groupAlive,
  startGatewayProcess,
  substitute,
} from '../../src/systems/gateway-process.ts';
import { REPO } from '../cli/support/cli.ts';

const GATEWAY = `"${process.execPath}" --import tsx src/cli/main.ts gateway --port {port} --upstream {upstream}`;

describe('substitute', () => {
  it('fills placeholders and refuses one it does not know', () => {
    expect(substitute('x --port {port} --up {upstream}', { port: '1', upstream: 'http://h' })).toBe(
      'x --port 1 --up http://h',
    );
    expect(() => substitute('x {prot}', { port: '1' })).toThrow(/\{prot\}.*\{port\}/);
  });
});

describe('startGatewayProcess', () => {
  let upstream: Awaited<ReturnType<typeof startFaultServer>>;
  beforeAll(async () => {
    upstream = await startFaultServer({ seed: 1 });
  });
  afterAll(async () => {
    await upstream?.stop();
  });

  it('starts brownout gateway, waits until it answers, and stops its whole group', async () => {
    const gateway = await startGatewayProcess({
      command: GATEWAY,
      values: { upstream: upstream.url },
      cwd: REPO,
    });
    try {
      expect(groupAlive(gateway.pid)).toBe(true);
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(response.status).toBe(200);
      expect(gateway.output()).toMatch(/listening on/);
    } finally {
      await gateway.stop();
    }
    expect(groupAlive(gateway.pid)).toBe(false);
  }, 40_000);

  it('a gateway that never answers: a bounded wait, its own output in the error, and no process left', async () => {
    const started = performance.now();
    const error = await startGatewayProcess({
      command: `echo booting; echo "missing config: providers.yaml" >&2; exec sleep 60`,
      readyTimeoutMs: 1_500,
      cwd: REPO,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayProcessError);
    const message = (error as Error).message;
    expect(message).toMatch(/did not answer a healthy request .* within 1500 ms/);
    expect(message).toContain('missing config: providers.yaml');
    expect(message).toContain('booting');
    expect(performance.now() - started).toBeLessThan(15_000);
    const { pid } = error as GatewayProcessError;
    expect(pid).toBeGreaterThan(0);
    expect(groupAlive(pid as number)).toBe(false);
  }, 20_000);

  it('a gateway that exits at once is reported with its exit code', async () => {
    const error = await startGatewayProcess({
      command: 'echo "cannot bind: address in use" >&2; exit 3',
      readyTimeoutMs: 10_000,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/exited with code 3 before it answered/);
    expect((error as Error).message).toContain('cannot bind: address in use');
    expect(groupAlive((error as GatewayProcessError).pid as number)).toBe(false);
  });

  it('a gateway that ignores SIGTERM is killed after the grace period', async () => {
    // Ready only once the shell has set its trap: a TERM sent before that would end it at once.
    const trapped = join(mkdtempSync(join(tmpdir(), 'brownout-trap-')), 'trapped');
    const gateway = await startGatewayProcess({
      // The shell ignores TERM, and so does the sleep it starts: only KILL ends them.
      command: `trap '' TERM; touch '${trapped}'; sleep 60 & wait`,
      isReady: async () => existsSync(trapped),
      graceMs: 300,
    });
    expect(existsSync(trapped)).toBe(true);
    expect(groupAlive(gateway.pid)).toBe(true);
    const started = performance.now();
    await gateway.stop();
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(groupAlive(gateway.pid)).toBe(false);
    rmSync(dirname(trapped), { recursive: true, force: true });
  });
});
