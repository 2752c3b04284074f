/**
 * "Every provider rate-limited at once" through a gateway, as a black box (no route headers): the
 * caller sees only the gateway's HTTP answer, so the 429 and its Retry-After must survive the trip.
 * brownout's own gateway passes the built-in scenario with its ideal grade; a gateway that retries
 * a 429 at once fails, naming the check.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioReport } from '../../src/report/model.ts';
import { startBackend } from '../../src/scenario/backends.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario, type SystemFactory } from '../../src/scenario/run-scenario.ts';
import type { Scenario } from '../../src/scenario/validate.ts';
import { brokenGatewaySystem, brownoutGatewaySystem } from './support/fresh-gateway-system.ts';

async function run(system: SystemFactory): Promise<ScenarioReport> {
  const [scenario] = await loadScenarioFile(resolve('scenarios', 'all-rate-limited.ts'));
  const { report } = await runScenario(scenario as Scenario, {
    seed: 11,
    backend: 'server',
    startBackend: (backend, seed, providers) => startBackend(backend, seed, { providers }),
    system,
    replayCommand: 'test',
    runProperties: false,
  });
  return report;
}

const byId = (report: ScenarioReport, id: string) => report.checks.find((c) => c.id === id);

describe('all-rate-limited through a gateway, black box', () => {
  it("brownout's own gateway answers a fast 429 with a Retry-After no earlier than the providers'", async () => {
    const report = await run(brownoutGatewaySystem());
    expect(report.attemptSource).toBe('upstream');
    const failed = report.checks.filter((c) => c.verdict === 'fail');
    expect(failed, JSON.stringify(failed)).toEqual([]);
    expect(byId(report, 'rate-limit-surfaced')?.verdict).toBe('pass');
    expect(report.grade, report.gradeReason).toBe('safe');
    expect(report.errors.map((e) => e.code)).toEqual(['rate-limited']);
  }, 60_000);

  it('a gateway that retries a 429 at once fails retry-after-honoured', async () => {
    const report = await run(brokenGatewaySystem('ignore-retry-after'));
    expect(byId(report, 'retry-after-honoured')?.verdict).toBe('fail');
    expect(report.grade).toBe('fail');
  }, 60_000);
});
