/**
 * Portkey's open-source gateway started fresh per scenario by `brownout run --target-cmd`, its
 * routing config in the `x-portkey-config` header: the config names the fault server (`{upstream}`),
 * which is a new one per scenario, so brownout fills it in per scenario. Needs Portkey installed
 * (examples/gateways/portkey/install.sh); run by .ci/peers.sh. What Portkey does with the faults is
 * a finding (docs/gateways.md); this asserts that brownout drove it end to end, per scenario, and
 * left no process behind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseReport } from '../../src/report/schema.ts';
import { groupAlive } from '../../src/systems/gateway-process.ts';
import { REPO, runCli } from '../cli/support/cli.ts';

const template = readFileSync(join(REPO, 'examples/gateways/portkey/config.template.json'), 'utf8');
/** The config as a user writes it once: `{upstream}` left for brownout to fill in per scenario. */
const headers = JSON.stringify({ 'x-portkey-config': JSON.parse(template) });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'brownout-portkey-cmd-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('brownout runs two scenarios against a fresh Portkey each, configured by header', async () => {
  const pidFile = join(dir, 'portkey.pids');
  const out = join(dir, 'out');
  const command = `echo $$ >> ${pidFile}; exec examples/gateways/portkey/start.sh {port}`;
  const result = await runCli(
    [
      'run',
      'scenarios/primary-503-burst.ts',
      'scenarios/all-rate-limited.ts',
      '--target-cmd',
      command,
      '--target-ready-timeout',
      '90000',
      '--system-name',
      'portkey',
      '--seed',
      '1',
      '--out',
      out,
    ],
    420_000,
    { BROWNOUT_TARGET_HEADERS: headers },
  );
  // 2 would be a gateway that never answered a healthy request (e.g. a config header left unfilled).
  expect([0, 1], result.stderr).toContain(result.code);
  const file = join(out, 'resilience-report.json');
  const report = parseReport(await readFile(file, 'utf8'), file);
  expect(report.system).toMatchObject({ name: 'portkey', kind: 'gateway-command' });
  const byId = Object.fromEntries(report.scenarios.map((s) => [s.id, s]));
  const burst = byId['primary-503-burst'];
  const limited = byId['all-rate-limited'];
  // The fault server of each scenario saw Portkey's requests: the header named the right upstream.
  expect(burst?.faults[0]?.injected ?? 0).toBeGreaterThan(0);
  expect(burst?.stats.servedBy.huggingface ?? 0).toBeGreaterThan(0);
  // Portkey fails slowly here, so the traffic window may close before all 16 are sent (not sent, not failed).
  expect((limited?.stats.requests ?? 0) + (limited?.notSent ?? 0)).toBe(16);
  expect(limited?.stats.requests ?? 0).toBeGreaterThanOrEqual(2);
  expect(limited?.faults.every((f) => f.injected > 0)).toBe(true);
  // Judged, not vacuous: Portkey's answer to "every provider rate-limited" is a finding either way.
  expect(limited?.checks.find((c) => c.id === 'rate-limit-surfaced')?.message).not.toMatch(/^vacuous/);
  // One Portkey per scenario, each stopped.
  const pids = existsSync(pidFile)
    ? readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number)
    : [];
  expect(new Set(pids).size).toBe(2);
  for (const pid of pids) expect(groupAlive(pid)).toBe(false);
}, 480_000);
