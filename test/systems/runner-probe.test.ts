/**
 * A system that never asks the Hugging Face hub (here the openai SDK example, in process) on
 * `hf-repo-missing-primary-healthy`: the runner probes the fallback itself, so the scenario is not
 * vacuous, and the grade comes from what the system did (OpenAI served everything) and what the
 * probe found (the fallback's repo is gone). The probe's requests sit apart in the upstream record
 * and count nowhere for or against the system.
 */
import { describe, expect, it } from 'vitest';
import { startBackend } from '../../src/scenario/backends.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run-scenario.ts';
import type { BackendName } from '../../src/scenario/schema.ts';
import { inProcessSystemFactory, systemBackend } from '../../src/systems/in-process.ts';
import { loadSystemFile } from '../../src/systems/load-system.ts';
import { REPO } from '../cli/support/cli.ts';

async function run(backend: BackendName) {
  const [scenario] = await loadScenarioFile('scenarios/hf-repo-missing-primary-healthy.ts', REPO);
  const { definition } = await loadSystemFile('examples/systems/openai-sdk-fallback.ts', { cwd: REPO });
  if (!scenario) throw new Error('scenario not loaded');
  return runScenario(scenario, {
    seed: 11,
    backend,
    startBackend: systemBackend((b, seed, providers) => startBackend(b, seed, { providers })),
    system: inProcessSystemFactory(definition),
    replayCommand: 'test',
    runProperties: false,
  });
}

describe('the runner probes a fallback the system under test never asks about', () => {
  for (const backend of ['server', 'nock'] as const) {
    it(`is not vacuous for an in-process example on ${backend}`, async () => {
      const { report, history } = await run(backend);
      const check = (id: string) => report.checks.find((c) => c.id === id);
      expect(check('fault-injected')).toMatchObject({ verdict: 'pass' });
      expect(check('fault-injected')?.message).toContain("on the runner's probe only");
      expect(check('provider-probe')).toMatchObject({ verdict: 'pass', measured: 'broken' });
      expect(check('provider-probe')?.message).toContain("the runner's probe of huggingface");
      expect(history.probes).toEqual([
        expect.objectContaining({ provider: 'huggingface', by: 'runner', ok: false }),
      ]);
      // The probe reached the hub and met the fault; it is not the system's traffic.
      const probes = history.upstream?.probes ?? [];
      expect(probes).toHaveLength(1);
      expect(probes[0]).toMatchObject({
        provider: 'huggingface',
        operation: 'hub-model-info',
        status: 404,
        fault: { index: 0, kind: 'model-missing' },
      });
      expect(history.upstream?.attempts.every((a) => a.probe === undefined && a.provider === 'openai')).toBe(
        true,
      );
      expect(history.attemptSource).toBe('upstream');
      expect(report.grade).not.toBe('fail');
    }, 60_000);
  }
});
