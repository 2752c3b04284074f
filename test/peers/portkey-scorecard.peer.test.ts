/**
 * One `brownout scorecard` drives Portkey's gateway fresh per scenario (`--target-cmd`) with its
 * own config header (`--target-headers-env`), while the global `BROWNOUT_TARGET_HEADERS` holds a
 * config Portkey refuses: the column can only have a report if Portkey got its own headers and
 * not the global ones. One scenario, one Portkey start (LiteLLM's slow start stays out of this
 * test). Needs Portkey installed (examples/gateways/portkey/install.sh); run by .ci/peers.sh.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseReport } from '../../src/report/schema.ts';
import type { Scorecard } from '../../src/scorecard/model.ts';
import { REPO, runCli } from '../cli/support/cli.ts';

const template = readFileSync(join(REPO, 'examples/gateways/portkey/config.template.json'), 'utf8');
const version = (
  JSON.parse(readFileSync(join(REPO, 'examples/gateways/portkey/package-lock.json'), 'utf8')) as {
    packages: Record<string, { version: string }>;
  }
).packages['node_modules/@portkey-ai/gateway']?.version;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'brownout-portkey-scorecard-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('a scorecard drives a fresh Portkey with its own config header, not the global one', async () => {
  const out = join(dir, 'card');
  const result = await runCli(
    [
      'scorecard',
      'scenarios/primary-503-burst.ts',
      '--target-cmd',
      'examples/gateways/portkey/start.sh {port}',
      '--name',
      `Portkey ${version}`,
      '--target-headers-env',
      'PORTKEY_HEADERS',
      '--seed',
      '7',
      '--out',
      out,
    ],
    300_000,
    {
      PORTKEY_HEADERS: JSON.stringify({ 'x-portkey-config': JSON.parse(template) }),
      // Portkey answers 400 ("Invalid config passed") to this: had it reached Portkey, it never got ready.
      BROWNOUT_TARGET_HEADERS: JSON.stringify({ 'x-portkey-config': 'not a config' }),
    },
  );
  expect(result.code, result.stderr.slice(-3000)).toBe(0);
  const card = JSON.parse(await readFile(join(out, 'scorecard.json'), 'utf8')) as Scorecard;
  const [system] = card.systems;
  expect(system).toMatchObject({ name: `Portkey ${version}`, kind: 'target-cmd' });
  expect(system?.error).toBeUndefined();
  expect(system?.command).toMatch(/^BROWNOUT_TARGET_HEADERS="\$PORTKEY_HEADERS" brownout run /);
  expect(card.rows[0]?.cells[0]?.result).not.toBe('not-run');
  // The fault server of the scenario saw Portkey's requests, and its fallback served.
  const file = join(out, system?.outDir ?? '', 'resilience-report.json');
  const [scenario] = parseReport(await readFile(file, 'utf8'), file).scenarios;
  expect(scenario?.faults[0]?.injected ?? 0).toBeGreaterThan(0);
  expect(scenario?.stats.servedBy.huggingface ?? 0).toBeGreaterThan(0);
}, 360_000);
