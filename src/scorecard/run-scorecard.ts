import { rm } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createRedactor, type Redactor } from '../report/redact.ts';
import { readReportFile } from '../report/schema.ts';
import { REPORT_FILES } from '../report/write.ts';
import { readPackageVersion } from '../version.ts';
import { buildScorecard, type SystemOutcome } from './build.ts';
import type { Scorecard } from './model.ts';
import { spawnRun } from './spawn-run.ts';
import { checkSystemHeaders, childEnvFor, headersEnvPrefix } from './system-headers.ts';
import { defaultName, runArgsFor, type SystemSpec, systemId } from './systems.ts';
import { versionsOf } from './versions.ts';

export interface ScorecardOptions {
  systems: readonly SystemSpec[];
  /** Scenario files, folders or globs, passed to every run (empty: the default suite). */
  files: readonly string[];
  seed: number;
  outDir: string;
  grep?: string;
  /** The one backend for in-process systems (the reference router, `--system`); gateways use `server`. */
  backend?: string;
  /** With `--target` systems: the fault server port their upstreams point at. */
  faultServerPort?: number;
  /** Where each run's progress is echoed. */
  echo: NodeJS.WritableStream;
  /** The scorecard's own command line, recorded in its environment. */
  command: string;
  /** Where the runs' environment and the `--target-headers-env` variables come from (default: `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Applied to the runs' echoed output (default: the secrets of `env`). */
  redactor?: Redactor;
}

export interface ScorecardResult {
  scorecard: Scorecard;
  /** True when the scorecard was interrupted: the systems after that point did not run. */
  interrupted: boolean;
}

/**
 * Runs the suite once per system, each as its own `brownout run` with the same seed into
 * `OUT/runs/<id>/`, one after another (the machine's cores go to one system at a time, so
 * timings compare), and reads back each resilience report. A run that wrote no report is
 * kept, with the end of its output as the reason, and its column reads `not-run`.
 *
 * @example await runScorecard({ systems: [{ kind: 'reference', value: '' }], files: [], seed: 1, outDir: 'reports/scorecard', echo: process.stderr, command: '' })
 */
export async function runScorecard(options: ScorecardOptions): Promise<ScorecardResult> {
  const started = performance.now();
  const createdAt = new Date().toISOString();
  const outDir = resolve(options.outDir);
  const env = options.env ?? process.env;
  const redactor = options.redactor ?? createRedactor();
  const names = options.systems.map((spec) => spec.name ?? defaultName(spec));
  // Before any run: a gateway's missing or malformed headers are bad usage, not a `not run` column.
  checkSystemHeaders(options.systems, names, env);
  const taken = new Set<string>();
  const outcomes: SystemOutcome[] = [];
  let interrupted = false;
  for (const [i, spec] of options.systems.entries()) {
    const name = names[i] as string;
    const id = systemId(name, taken);
    taken.add(id);
    const runDir = join(outDir, 'runs', id);
    const args = [
      'run',
      ...options.files,
      '--seed',
      String(options.seed),
      '--out',
      runDir,
      ...(options.grep === undefined ? [] : ['--grep', options.grep]),
      ...(options.backend !== undefined && (spec.kind === 'reference' || spec.kind === 'system')
        ? ['--backend', options.backend]
        : []),
      ...runArgsFor(spec, options.faultServerPort),
    ];
    const system: SystemOutcome['system'] = {
      id,
      name,
      kind: spec.kind,
      spec: spec.value,
      versions:
        spec.kind === 'reference' ? { brownout: readPackageVersion() } : versionsOf(spec, process.cwd()),
      command: `${headersEnvPrefix(spec)}${['brownout', ...args.map(quote)].join(' ')}`,
      exitCode: null,
      outDir: relative(outDir, runDir),
    };
    if (interrupted) {
      outcomes.push({ system: { ...system, error: 'not run: the scorecard was interrupted' } });
      continue;
    }
    const jsonPath = join(runDir, REPORT_FILES.json);
    // A report left from an earlier scorecard must never stand in for this run's.
    await rm(jsonPath, { force: true });
    options.echo.write(`brownout scorecard: ${name} (${spec.kind}${spec.value ? ` ${spec.value}` : ''})\n`);
    const run = await spawnRun(id, args, options.echo, {
      env: childEnvFor(spec, options.systems, env),
      redact: redactor,
    });
    interrupted ||= run.interrupted;
    system.exitCode = run.exitCode;
    // Exit 0 or 1 means the run finished and wrote its reports; anything else left none of its own.
    if (run.exitCode !== 0 && run.exitCode !== 1) {
      outcomes.push({
        system: { ...system, error: run.tail || `brownout run exited ${run.exitCode}` },
      });
      continue;
    }
    try {
      const report = await readReportFile(jsonPath);
      outcomes.push({
        system,
        report,
        reportHref: relative(outDir, join(runDir, REPORT_FILES.html)).split('\\').join('/'),
      });
    } catch (error) {
      outcomes.push({ system: { ...system, error: (error as Error).message } });
    }
  }
  const scorecard = buildScorecard(outcomes, {
    seed: options.seed,
    version: readPackageVersion(),
    createdAt,
    durationMs: performance.now() - started,
    scenarioFiles: [...options.files],
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: cpus().length,
      command: options.command,
    },
  });
  return { scorecard, interrupted };
}

function quote(text: string): string {
  return /^[\w./:@=,{}-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
