import { resolve } from 'node:path';
import { startBackend } from '../../../src/scenario/backends.ts';
import { loadScenarioFile } from '../../../src/scenario/load.ts';
import { runScenario, type SystemFactory } from '../../../src/scenario/run-scenario.ts';
import type { BackendName } from '../../../src/scenario/schema.ts';
import type { Scenario } from '../../../src/scenario/validate.ts';

/** A built-in scenario by id (scenarios/<id>.ts), validated as the CLI would. */
export async function builtIn(id: string): Promise<Scenario> {
  const [scenario] = await loadScenarioFile(resolve('scenarios', `${id}.ts`));
  return scenario as Scenario;
}

/** Runs a scenario on one backend, with the reference router or the given system. */
export async function run(
  scenario: Scenario,
  options: { seed?: number; backend?: BackendName; system?: SystemFactory } = {},
) {
  return runScenario(scenario, {
    seed: options.seed ?? 1,
    backend: options.backend ?? 'msw',
    startBackend: (backend, seed, providers) => startBackend(backend, seed, { providers }),
    replayCommand: `npx brownout run ${scenario.source} --seed ${options.seed ?? 1}`,
    ...(options.system ? { system: options.system } : {}),
  });
}

/** The check results of a run by id. */
export function checksById(report: { checks: Array<{ id: string; verdict: string; message: string }> }) {
  return Object.fromEntries(report.checks.map((c) => [c.id, c]));
}
