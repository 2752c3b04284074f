/**
 * `brownout load` end to end: the fault server, the target (brownout's gateway unless one is
 * given), k6 through the three phases, then the merge of k6's summary and output with the fault
 * server's counters into a report with a `load` section.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFaultServer } from '../faults/server/fault-server.ts';
import type { InjectionStats } from '../faults/stats.ts';
import type { LoadRun } from '../report/load/model.ts';
import type { RunReport } from '../report/model.ts';
import type { Scenario } from '../scenario/validate.ts';
import { gatewayPlaceholders } from '../systems/fresh-gateway.ts';
import { readPackageVersion } from '../version.ts';
import {
  buildLoadConfig,
  type ConfigInputs,
  configuredSeconds,
  type LoadConfig,
  type LoadOptions,
} from './config.ts';
import { findK6, runsTypeScript } from './k6-binary.ts';
import { type K6Summary, mergeLoad } from './merge.ts';
import { emptyAggregate, readPointsFile } from './points.ts';
import { runK6 } from './run-k6.ts';
import { externalTarget, type LoadTarget, startBrownoutGateway } from './target.ts';
import { startCommandTarget } from './target-command.ts';
import { K6_TARGET_HEADERS_ENV, loadTargetHeaders } from './target-headers.ts';

/** The shipped TypeScript script (k6 0.57+) and its ES2017 bundle (`npm run build:k6`, older k6). */
export const K6_SCRIPT = fileURLToPath(new URL('../../k6/load.ts', import.meta.url));
export const K6_BUNDLE = fileURLToPath(new URL('../../dist/k6/load.es2017.js', import.meta.url));

/** Files a load run leaves in `<out>/k6/` beside the reports. */
export const LOAD_FILES = {
  config: 'load-config.json',
  summary: 'summary.json',
  points: 'points.json.gz',
} as const;

export interface RunLoadOptions {
  scenario?: Scenario;
  options?: LoadOptions;
  flags: ConfigInputs['flags'];
  /** An OpenAI-compatible base URL; absent: brownout's gateway. */
  target?: string;
  /** A shell command that starts the gateway (`{port}`, `{upstream}`, ... filled in, as `brownout run --target-cmd`). */
  targetCmd?: string;
  /** How long the `targetCmd` gateway may take to answer a healthy request (default 30 s). */
  targetReadyTimeoutMs?: number;
  /** Fault server port (0: any); an external target's upstreams must point at it. */
  faultServerPort?: number;
  outDir: string;
  /** Another k6 script (default: the shipped one, or its bundle for k6 older than 0.57). */
  script?: string;
  command: string;
  env?: NodeJS.ProcessEnv;
  /** Where k6's output goes (default: stderr). */
  echo?: (text: string) => void;
}

export interface LoadResult {
  report: RunReport;
  run: LoadRun;
  config: LoadConfig;
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

/** How often each configured fault fired: the fault server counts per target and kind. */
export function injectedPerFault(config: LoadConfig, stats: InjectionStats): LoadRun['faults'] {
  return config.faults.map((f) => {
    const { kind, target } = f as { kind: string; target: string };
    return { kind, target, injected: stats.byTarget[target]?.byKind[kind as never] ?? 0 };
  });
}

async function readSummary(file: string): Promise<K6Summary | undefined> {
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as K6Summary;
}

/**
 * Runs the load test and builds its report (the caller writes it). Throws `K6MissingError`
 * before starting anything when there is no k6.
 *
 * @example const { report, run } = await runLoad({ flags: { ratePerSec: 20 }, outDir: 'reports', command: 'brownout load' });
 */
export async function runLoad(options: RunLoadOptions): Promise<LoadResult> {
  const k6 = await findK6(options.env);
  const startedAt = new Date();
  const started = performance.now();
  const workDir = resolve(options.outDir, 'k6');
  await mkdir(workDir, { recursive: true });
  const files = {
    config: join(workDir, LOAD_FILES.config),
    summary: join(workDir, LOAD_FILES.summary),
    points: join(workDir, LOAD_FILES.points),
  };
  const faultServer = await startFaultServer({ port: options.faultServerPort ?? 0 });
  let target: LoadTarget | undefined;
  try {
    // Header values may name the fault server ({upstream}): filled now that it listens.
    const placeholders = gatewayPlaceholders(faultServer.url, options.scenario?.source);
    const env = options.env ?? process.env;
    const headers = loadTargetHeaders(env, placeholders);
    const apiKey = env.BROWNOUT_TARGET_API_KEY;
    target = options.target
      ? externalTarget(options.target)
      : options.targetCmd
        ? await startCommandTarget({
            command: options.targetCmd,
            values: placeholders,
            headers,
            ...(apiKey ? { apiKey } : {}),
            ...(options.targetReadyTimeoutMs === undefined
              ? {}
              : { readyTimeoutMs: options.targetReadyTimeoutMs }),
          })
        : await startBrownoutGateway(options.scenario?.router, faultServer.url);
    const config = buildLoadConfig({
      target: target.baseURL,
      faultServer: faultServer.url,
      ...(options.scenario ? { scenario: options.scenario } : {}),
      ...(options.options ? { options: options.options } : {}),
      flags: options.flags,
      ourGateway: target.kind === 'brownout',
      summaryFile: files.summary,
    });
    // A gateway without brownout's route headers: k6 reads the serving provider from the fake's answer echo.
    if (target.kind === 'external') config.correlate = true;
    await writeFile(files.config, `${JSON.stringify(config, null, 2)}\n`, 'utf8');
    const script = options.script ?? (runsTypeScript(k6.version) ? K6_SCRIPT : K6_BUNDLE);
    // Phases, then room for setup, graceful stops (one request timeout) and the summary.
    const limitMs = (configuredSeconds(config) + config.requestTimeoutS + 60) * 1000;
    const k6Run = await runK6({
      k6: k6.path,
      script,
      env: { BROWNOUT_LOAD_CONFIG: files.config, [K6_TARGET_HEADERS_ENV]: JSON.stringify(headers) },
      pointsFile: files.points,
      limitMs,
      cwd: workDir,
      ...(options.echo ? { echo: options.echo } : {}),
    });
    const points = existsSync(files.points) ? await readPointsFile(files.points) : emptyAggregate();
    const scenario = options.scenario;
    const run = mergeLoad({
      id: scenario?.id ?? 'load',
      title: scenario?.title ?? `${config.faults.length} fault(s) under ${config.ratePerSec} requests/s`,
      ...(scenario?.source ? { source: scenario.source } : {}),
      config,
      gateway: target.kind,
      summary: await readSummary(files.summary),
      points,
      faults: injectedPerFault(config, faultServer.stats()),
      k6: { version: k6.version, exitCode: k6Run.exitCode },
      durationMs: performance.now() - started,
    });
    if (k6Run.timedOut) {
      run.verdict = 'fail';
      run.reasons.push(`k6 ran past ${Math.round(limitMs / 1000)} s and was stopped`);
    }
    return { report: reportOf(run, startedAt, performance.now() - started, options.command), run, config };
  } finally {
    await target?.close();
    await faultServer.stop();
  }
}

function reportOf(run: LoadRun, startedAt: Date, durationMs: number, command: string): RunReport {
  const commit = gitCommit();
  const failed = run.verdict === 'fail' ? 1 : 0;
  return {
    schemaVersion: '1',
    tool: { name: 'brownout', version: readPackageVersion() },
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(durationMs),
    seed: 0,
    // A load run counts as one run in the summary, so the verdict line and exit code read as usual.
    summary: { scenarios: 1, passed: 1 - failed, failed },
    scenarios: [],
    load: [run],
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: cpus().length,
      ...(commit ? { gitCommit: commit } : {}),
      command,
    },
  };
}
