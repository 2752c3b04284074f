/**
 * `brownout load` against Portkey's open-source gateway (examples/gateways/portkey, installed by
 * .ci/peers.sh): brownout starts it with --target-cmd, k6 loads it through baseline, fault (a 429
 * storm on the primary) and recovery, and the report's load section says what Portkey did. Its
 * routing config travels in `x-portkey-config` and names the fault server, whose port brownout
 * picks: the header holds `{upstream}`, which `brownout load` fills in.
 *
 * Needs a real k6 (K6_BINARY, PATH, or .ci/install-k6.sh's cached build): without one this fails
 * with how to get it, never skips.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readReportFile } from '../../src/report/schema.ts';
import { brownout, k6ForTests, REPO } from '../load/support/k6.ts';

const template = readFileSync(join(REPO, 'examples/gateways/portkey/config.template.json'), 'utf8');

let dir: string;
let k6: string;
beforeAll(async () => {
  k6 = await k6ForTests();
  dir = await mkdtemp(join(tmpdir(), 'brownout-peer-portkey-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('brownout load drives Portkey through the three phases and records its fallback share', async () => {
  const out = join(dir, 'out');
  // {upstream} is left in the config: brownout fills it with the fault server it starts.
  const headers = JSON.stringify({ 'x-portkey-config': JSON.parse(template) });
  expect(headers).toContain('{upstream}/openai/v1');
  const result = await brownout(
    [
      'load',
      '--target-cmd',
      'examples/gateways/portkey/start.sh {port}',
      '--target-ready-timeout',
      '60000',
      '--duration',
      '5s,8s,5s',
      '--rate',
      '5',
      '--out',
      out,
    ],
    { ...process.env, K6_BINARY: k6, BROWNOUT_TARGET_HEADERS: headers },
    170_000,
  );
  // Thresholds crossed by Portkey (exit 1) are a finding about Portkey; anything else is brownout's failure.
  expect([0, 1], result.stderr.slice(-3000)).toContain(result.code);
  const [run] = (await readReportFile(join(out, 'resilience-report.json'))).load ?? [];
  if (!run) throw new Error(`the report has no load run: ${result.stderr.slice(-2000)}`);
  expect(run.gateway).toBe('external');
  expect([0, 99]).toContain(run.k6.exitCode);
  expect(run.phases.map((p) => p.name)).toEqual(['baseline', 'fault', 'recovery']);
  for (const phase of run.phases) expect(phase.requests).toBeGreaterThan(5);
  // The 429 storm reached Portkey's primary in the fault phase.
  expect(run.faults).toEqual([{ kind: 'rate-limit', target: 'openai', injected: expect.any(Number) }]);
  expect(run.faults[0]?.injected).toBeGreaterThan(0);
  // Portkey sends no route headers: who served each answer comes from the fake's echo, so the
  // fallback share is known in every phase, and in the fault phase Portkey's fallback target served.
  const [baseline, fault, recovery] = run.phases;
  for (const phase of run.phases) expect(phase.fallbackShare).not.toBeNull();
  expect(fault?.fallbackShare).toBeGreaterThan(0);
  expect(fault?.fallbackShare).toBeGreaterThan(baseline?.fallbackShare ?? 1);
  const pct = (share: number | null | undefined) => `${((share ?? 0) * 100).toFixed(1)}%`;
  console.log(
    `portkey under brownout load: fallback ${pct(baseline?.fallbackShare)} / ${pct(fault?.fallbackShare)} / ${pct(recovery?.fallbackShare)}, ` +
      `errors ${pct(baseline?.errorRate)} / ${pct(fault?.errorRate)} / ${pct(recovery?.errorRate)}, ` +
      `p95 ${baseline?.latencyMs.p95} / ${fault?.latencyMs.p95} / ${recovery?.latencyMs.p95} ms, ` +
      `${run.faults[0]?.injected} 429s injected, exit ${result.code}`,
  );
}, 200_000);
