import type { RunReport, ScenarioReport } from '../../../src/report/model.ts';
import type { Grade } from '../../../src/scorecard/model.ts';
import { sampleReport, sampleScenario } from '../../report/support/sample-report.ts';

export interface RunSpec {
  id: string;
  title?: string;
  verdict?: 'pass' | 'fail';
  grade?: Grade;
  servedBy?: Record<string, number>;
  succeeded?: number;
  durationMs?: number;
  backend?: string;
}

/** A scenario run with exactly the fields the scorecard reads set as given. */
export function run(spec: RunSpec): ScenarioReport {
  const base = sampleScenario({
    id: spec.id,
    title: spec.title ?? `${spec.id} title`,
    requests: 20,
    seed: 3,
  });
  const scenario: ScenarioReport & { grade?: Grade } = {
    ...base,
    verdict: spec.verdict ?? 'pass',
    backend: spec.backend ?? 'server',
    durationMs: spec.durationMs ?? 1234,
    stats: {
      ...base.stats,
      requests: 20,
      succeeded: spec.succeeded ?? 20,
      failed: 20 - (spec.succeeded ?? 20),
      servedBy: spec.servedBy ?? { openai: 20 },
    },
  };
  if (spec.grade) scenario.grade = spec.grade;
  return scenario;
}

/** A whole resilience report holding these runs. */
export function report(runs: ScenarioReport[]): RunReport {
  const r = sampleReport();
  return {
    ...r,
    scenarios: runs,
    summary: {
      scenarios: runs.length,
      passed: runs.filter((s) => s.verdict === 'pass').length,
      failed: runs.filter((s) => s.verdict === 'fail').length,
    },
  };
}

export const BUILD_OPTIONS = {
  seed: 7,
  version: '0.1.0',
  createdAt: '2026-11-30T12:00:00.000Z',
  durationMs: 4321,
  scenarioFiles: [],
  environment: {
    node: 'v20.20.2',
    platform: 'linux',
    arch: 'x64',
    cpus: 2,
    command: 'brownout scorecard --reference',
  },
};

export function system(id: string, name = id) {
  return {
    id,
    name,
    kind: 'target' as const,
    spec: `http://127.0.0.1:4000/${id}`,
    versions: {},
    command: `brownout run --target http://127.0.0.1:4000/${id}`,
    exitCode: 1,
    outDir: `runs/${id}`,
  };
}
