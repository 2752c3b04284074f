import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { isFaultValidationError } from '../../faults/errors.ts';
import { type LoadOptions, loadOptionsSchema } from '../../load/config.ts';
import { K6MissingError } from '../../load/k6-binary.ts';
import { runLoad } from '../../load/run-load.ts';
import { TargetHeadersError } from '../../load/target-headers.ts';
import { verdictLine } from '../../report/format.ts';
import { createRedactor } from '../../report/redact.ts';
import { writeReports } from '../../report/write.ts';
import { isScenarioFileError } from '../../scenario/errors.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import type { Scenario } from '../../scenario/validate.ts';
import { isGatewayProcessError } from '../../systems/gateway-process.ts';
import { readDataFile } from '../read-data-file.ts';
import { parseIntOption, UsageError } from '../usage.ts';

export interface LoadCommandOptions {
  target?: string;
  targetCmd?: string;
  targetReadyTimeout?: number;
  faultServerPort?: number;
  rate?: number;
  vus?: number;
  duration?: number[];
  streaming?: number;
  options?: string;
  script?: string;
  out: string;
}

/** `10s`, `2m`, `90` (seconds), or three of them for baseline,fault,recovery. */
export function parsePhaseDurations(value: string): number[] {
  const parts = value.split(',').map((p) => p.trim());
  const seconds = parts.map((part) => {
    const match = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(part);
    const n = match ? Number(match[1]) * (match[2] === 'm' ? 60 : 1) : Number.NaN;
    return n > 0 && n <= 3600 ? n : Number.NaN;
  });
  if ((parts.length !== 1 && parts.length !== 3) || seconds.some(Number.isNaN)) {
    throw new InvalidArgumentError(
      `--duration must be one duration per phase (e.g. 10s) or three for baseline,fault,recovery (e.g. 10s,30s,20s), each above 0 and at most 60m; got "${value}"`,
    );
  }
  return seconds;
}

function parsePositive(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!(n > 0)) throw new InvalidArgumentError(`${option} must be a number greater than 0, got "${value}"`);
    return n;
  };
}

function parseShare(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1))
    throw new InvalidArgumentError(`--streaming must be in the range [0, 1], got "${value}"`);
  return n;
}

async function readScenario(file: string): Promise<Scenario> {
  const scenarios = await loadScenarioFile(file);
  const [scenario] = scenarios;
  if (!scenario || scenarios.length > 1)
    throw new UsageError(`${file} holds ${scenarios.length} scenarios; give a file with one`);
  return scenario;
}

async function readOptions(file: string): Promise<LoadOptions> {
  const parsed = loadOptionsSchema.safeParse((await readDataFile(file, '--options')) ?? {});
  if (!parsed.success) {
    throw new UsageError(
      `--options: ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** The command's body: runs the load test, writes the reports, and resolves with the exit status. */
export async function loadCommand(file: string | undefined, options: LoadCommandOptions): Promise<number> {
  try {
    if (options.target !== undefined && options.targetCmd !== undefined)
      throw new UsageError('--target and --target-cmd each name the gateway under load; give one of them');
    if (options.targetReadyTimeout !== undefined && options.targetCmd === undefined)
      throw new UsageError('--target-ready-timeout goes with --target-cmd');
    if (options.target !== undefined && options.faultServerPort === undefined) {
      throw new UsageError(
        '--target needs --fault-server-port: the gateway at --target must send its upstream traffic to the fault server on that port',
      );
    }
    const scenario = file ? await readScenario(file) : undefined;
    const loadOptions = options.options ? await readOptions(options.options) : undefined;
    const { report, run } = await runLoad({
      ...(scenario ? { scenario } : {}),
      ...(loadOptions ? { options: loadOptions } : {}),
      flags: {
        ...(options.rate !== undefined ? { ratePerSec: options.rate } : {}),
        ...(options.vus !== undefined ? { vus: options.vus } : {}),
        ...(options.duration ? { phaseSeconds: options.duration } : {}),
        ...(options.streaming !== undefined ? { streaming: options.streaming } : {}),
      },
      ...(options.target ? { target: options.target } : {}),
      ...(options.targetCmd ? { targetCmd: options.targetCmd } : {}),
      ...(options.targetReadyTimeout !== undefined
        ? { targetReadyTimeoutMs: options.targetReadyTimeout }
        : {}),
      ...(options.faultServerPort !== undefined ? { faultServerPort: options.faultServerPort } : {}),
      ...(options.script ? { script: resolve(options.script) } : {}),
      outDir: resolve(options.out),
      command: ['brownout', ...process.argv.slice(2)].join(' '),
    });
    const written = await writeReports(report, resolve(options.out));
    for (const phase of run.phases) {
      const errors = phase.errorRate === null ? '–' : `${(phase.errorRate * 100).toFixed(2)}%`;
      const fallback = phase.fallbackShare === null ? '–' : `${(phase.fallbackShare * 100).toFixed(1)}%`;
      process.stdout.write(
        `${phase.name.padEnd(9)} ${String(phase.requests).padStart(6)} requests  ${phase.ratePerSec.toFixed(1)}/s  errors ${errors}  p95 ${phase.latencyMs.p95 ?? '–'} ms  fallback ${fallback}\n`,
      );
    }
    for (const reason of run.reasons) process.stdout.write(`  ✗ ${reason}\n`);
    process.stdout.write(`\n${verdictLine(report)}\nReports: ${written.html}\n         ${written.json}\n`);
    return run.verdict === 'pass' ? 0 : 1;
  } catch (error) {
    if (isGatewayProcessError(error) || error instanceof TargetHeadersError) {
      // The gateway's own output may hold a key: redacted like everything `run` prints.
      const what = isGatewayProcessError(error) ? 'cannot start the gateway: ' : '';
      process.stderr.write(createRedactor()(`brownout load: ${what}${error.message}\n`));
      return 2;
    }
    if (
      error instanceof K6MissingError ||
      error instanceof UsageError ||
      isScenarioFileError(error) ||
      isFaultValidationError(error)
    ) {
      const prefix = isScenarioFileError(error)
        ? 'invalid scenario file '
        : isFaultValidationError(error)
          ? 'invalid faults: '
          : '';
      process.stderr.write(`brownout load: ${prefix}${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** `brownout load`: the three-phase k6 load test against brownout's gateway or `--target`. */
export function registerLoad(program: Command): void {
  program
    .command('load')
    .description(
      'Load-test failover with k6: baseline, fault and recovery phases, faults switched on the fault server; writes the reports with a load section.',
    )
    .argument(
      '[scenario]',
      "a scenario file: its faults, traffic rate and streaming share, and its router's policies",
    )
    .option('--target <url>', "an OpenAI-compatible base URL to load (default: brownout's own gateway)")
    .option(
      '--target-cmd <command>',
      'start this gateway for the run and stop it after; {port}, {upstream}, {openai_base_url}, {hf_base_url} and {scenario} are filled in',
    )
    .option(
      '--target-ready-timeout <ms>',
      'with --target-cmd: how long the gateway has to answer a healthy request (default 30000)',
      parseIntOption('--target-ready-timeout'),
    )
    .option(
      '--fault-server-port <n>',
      'port of the fault server (with --target: the port its upstreams point at)',
      parseIntOption('--fault-server-port'),
    )
    .option('--rate <n>', 'arrivals per second in every phase (default 10)', parsePositive('--rate'))
    .option(
      '--vus <n>',
      'VUs allocated up front (default 10; up to 4x when arrivals pile up)',
      parseIntOption('--vus'),
    )
    .option(
      '--duration <d>',
      'each phase (10s), or baseline,fault,recovery (10s,30s,20s); default 10s each',
      parsePhaseDurations,
    )
    .option('--streaming <share>', 'share of requests that stream, in [0, 1] (default 0.2)', parseShare)
    .option(
      '--options <file>',
      'load options (JSON or YAML): phases, rates, thresholds, faults (docs/load.md)',
    )
    .option(
      '--script <file>',
      'another k6 script (default: the shipped k6/load.ts, or its ES2017 bundle for k6 < 0.57)',
    )
    .option('--out <dir>', 'where to write the reports (k6 files go to DIR/k6/)', 'reports')
    .action(async (file: string | undefined, options: LoadCommandOptions) => {
      process.exitCode = await loadCommand(file, options);
    });
}
