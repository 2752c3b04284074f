import { execFileSync } from 'node:child_process';
import { buildRunReport } from '../report/build-run-report.ts';
import type { RunReport, ScenarioReport } from '../report/model.ts';
import { readPackageVersion } from '../version.ts';
import { type RunScenarioOptions, runScenario, type SystemFactory } from './run-scenario.ts';
import type { BackendName } from './schema.ts';
import type { Scenario } from './validate.ts';

export interface RunSuiteOptions {
  seed: number;
  /** Run every scenario on this backend only (default: each scenario's own list). */
  backend?: BackendName;
  startBackend: RunScenarioOptions['startBackend'];
  /** Backends a scenario runs on when it names none. */
  defaultBackends: (scenario: Scenario) => BackendName[];
  /** Why a backend cannot run a scenario (a fault it cannot produce), or undefined when it can. */
  unsupported?: (scenario: Scenario, backend: BackendName) => string | undefined;
  /** Property checks need a fresh router per run; off for a long-lived gateway (`--target`). */
  runProperties?: boolean;
  onSkip?: (scenario: Scenario, backend: BackendName, reason: string) => void;
  system?: SystemFactory;
  /** Builds the replay command for a scenario on a backend. */
  replayCommand: (scenario: Scenario, backend: BackendName) => string;
  command: string;
  onScenarioStart?: (scenario: Scenario, backend: BackendName, index: number, total: number) => void;
  onScenarioEnd?: (report: ScenarioReport) => void;
  onProgress?: (done: number, total: number) => void;
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/** Runs scenarios one after another (MSW and nock cannot share a process at once) and builds the run report. */
export async function runSuite(scenarios: Scenario[], options: RunSuiteOptions): Promise<RunReport> {
  const startedAt = new Date();
  const started = performance.now();
  const jobs = scenarios.flatMap((scenario) =>
    (options.backend ? [options.backend] : (scenario.backends ?? options.defaultBackends(scenario))).map(
      (backend) => ({
        scenario,
        backend,
      }),
    ),
  );
  const reports: ScenarioReport[] = [];
  const skipped: NonNullable<RunReport['skipped']> = [];
  for (const [i, { scenario, backend }] of jobs.entries()) {
    // A forced backend that cannot produce a scenario's faults: said out loud, never run half-way.
    const reason = options.unsupported?.(scenario, backend);
    if (reason) {
      skipped.push({ id: scenario.id, backend, reason });
      options.onSkip?.(scenario, backend, reason);
      continue;
    }
    options.onScenarioStart?.(scenario, backend, i, jobs.length);
    const scenarioOptions: RunScenarioOptions = {
      seed: options.seed,
      backend,
      startBackend: options.startBackend,
      replayCommand: options.replayCommand(scenario, backend),
    };
    if (options.system) scenarioOptions.system = options.system;
    if (options.runProperties === false) scenarioOptions.runProperties = false;
    if (options.onProgress) scenarioOptions.onProgress = options.onProgress;
    const { report } = await runScenario(scenario, scenarioOptions);
    reports.push(report);
    options.onScenarioEnd?.(report);
  }
  const commit = gitCommit();
  return buildRunReport({
    version: readPackageVersion(),
    startedAt,
    durationMs: performance.now() - started,
    seed: options.seed,
    reports,
    skipped,
    command: options.command,
    ...(commit ? { gitCommit: commit } : {}),
  });
}
