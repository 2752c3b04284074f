import type { Command } from 'commander';
import { OutDirError, prepareOutDir } from '../../report/out-dir.ts';
import { createRedactor } from '../../report/redact.ts';
import { REPORT_FILES, writeReports } from '../../report/write.ts';
import { defaultBackendsFor, startBackend, unsupportedReason } from '../../scenario/backends.ts';
import { isScenarioFileError } from '../../scenario/errors.ts';
import { loadScenarios, scenarioLoadAbandoned } from '../../scenario/load.ts';
import { runSuite } from '../../scenario/run-suite.ts';
import { BACKENDS, type BackendName } from '../../scenario/schema.ts';
import { createProgress } from '../progress.ts';
import { printSummary } from '../summary.ts';
import { parsePortOption, parseSeedOption, UsageError } from '../usage.ts';

interface RunOptions {
  backend?: string;
  seed?: number;
  out: string;
  grep?: string;
  target?: string;
  faultServerPort?: number;
}

/** `brownout run`: runs scenarios against the reference router (or a gateway) and writes the reports. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Run fault scenarios (default: everything in scenarios/) and write resilience reports.')
    .argument('[files...]', 'scenario files, directories or globs (.ts, .js, .json, .yaml)')
    .option('--backend <name>', `run every scenario on this backend only (${BACKENDS.join(', ')})`)
    .option(
      '--seed <n>',
      'seed for traffic, jitter and fault rolls (default: random, printed)',
      parseSeedOption('--seed'),
    )
    .option('--out <dir>', 'where to write the reports', 'reports')
    .option('--grep <pattern>', 'only scenarios whose id or title matches this regular expression')
    .option('--target <url>', 'test an OpenAI-compatible gateway at this URL instead of the reference router')
    .option(
      '--fault-server-port <n>',
      'with --target: the port of the fault server the gateway upstreams point at',
      parsePortOption('--fault-server-port'),
    )
    .action(async (files: string[], options: RunOptions) => {
      process.exitCode = await run(files, options, program);
    });
}

async function run(files: string[], options: RunOptions, program: Command): Promise<number> {
  try {
    if (options.backend !== undefined && !BACKENDS.includes(options.backend as BackendName)) {
      throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got "${options.backend}"`);
    }
    if ((options.target === undefined) !== (options.faultServerPort === undefined)) {
      throw new UsageError(
        '--target and --fault-server-port go together: the gateway at --target must send its upstream traffic to the fault server on that port',
      );
    }
    let grep: RegExp | undefined;
    if (options.grep !== undefined) {
      try {
        grep = new RegExp(options.grep);
      } catch (error) {
        throw new UsageError(`--grep is not a valid regular expression: ${(error as Error).message}`);
      }
    }
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    let scenarios = await loadScenarios(files);
    if (grep) scenarios = scenarios.filter((s) => grep.test(s.id) || grep.test(s.title));
    if (scenarios.length === 0) throw new UsageError(`no scenario matches --grep ${options.grep}`);
    // Before any traffic: a run whose reports cannot be written is lost work.
    const outDir = await prepareOutDir(options.out, Object.values(REPORT_FILES)).catch((error: unknown) => {
      throw error instanceof OutDirError ? new UsageError(`--out: ${error.message}`) : error;
    });

    const progress = createProgress(process.stderr);
    progress.line(`brownout: ${scenarios.length} scenario(s), seed ${seed}`);
    if (options.target && scenarios.some((s) => s.properties?.length)) {
      progress.line(
        'note: property checks are not run with --target (each property run needs a fresh router)',
      );
    }
    const system = options.target
      ? (await import('../../scenario/gateway-sut.ts')).gatewaySystemFactory(options.target)
      : undefined;
    const report = await runSuite(scenarios, {
      seed,
      ...(options.backend ? { backend: options.backend as BackendName } : {}),
      ...(options.target ? { backend: 'server' as const } : {}),
      startBackend: (backend, backendSeed, providers) =>
        startBackend(backend, backendSeed, {
          providers,
          ...(options.faultServerPort === undefined ? {} : { port: options.faultServerPort }),
        }),
      defaultBackends: defaultBackendsFor,
      unsupported: unsupportedReason,
      // Each property run needs a fresh router: a long-lived gateway cannot give one.
      runProperties: options.target === undefined,
      onSkip: (scenario, backend, reason) => progress.line(`SKIP ${scenario.id} (${backend}): ${reason}`),
      ...(system ? { system } : {}),
      replayCommand: (scenario, backend) =>
        [
          'npx brownout run',
          quote(scenario.source),
          `--backend ${backend}`,
          `--seed ${seed}`,
          `--grep ${quote(`^${scenario.id}$`)}`,
        ]
          .concat(
            options.target
              ? [`--target ${quote(options.target)}`, `--fault-server-port ${options.faultServerPort}`]
              : [],
          )
          .join(' '),
      command: ['brownout', ...process.argv.slice(2)].join(' '),
      onScenarioStart: (scenario, backend, index, total) =>
        progress.start(`[${index + 1}/${total}] ${scenario.id} (${backend})`),
      onProgress: (done, total) => progress.update(`${done}/${total} requests`),
      onScenarioEnd: (r) => {
        const failed = r.checks.filter((c) => c.verdict === 'fail');
        progress.end(
          `${r.verdict === 'pass' ? 'PASS' : 'FAIL'} ${r.id} (${r.backend}) ${r.stats.requests} requests, ${r.checks.length - failed.length}/${r.checks.length} checks passed, ${Math.round(r.durationMs)} ms`,
        );
        for (const check of failed) progress.line(`       ✗ ${check.id}: ${check.message}`);
        if (r.verdict === 'fail') progress.line(`       replay: ${r.replay}`);
      },
    });
    const written = await writeReports(report, outDir);
    printSummary(report, process.stdout);
    process.stdout.write(
      `\nReports: ${[written.html, written.json, written.junit, written.markdown].join('\n         ')}\n`,
    );
    if (report.summary.scenarios === 0) {
      // Every run was skipped: nothing was tested, so this is no pass (exit 2: the choice of backend).
      process.stderr.write(
        `brownout run: nothing ran: every scenario run was skipped (${report.skipped?.length ?? 0}); pick a backend that can produce their faults, or drop --backend\n`,
      );
      return 2;
    }
    return report.summary.failed === 0 ? 0 : 1;
  } catch (error) {
    if (isScenarioFileError(error) || error instanceof UsageError) {
      process.stderr.write(
        createRedactor()(
          `brownout run: ${error instanceof UsageError ? error.message : `invalid scenario file ${error.message}`}\n`,
        ),
      );
      if (error instanceof UsageError)
        process.stderr.write(`${program.commands.find((c) => c.name() === 'run')?.helpInformation() ?? ''}`);
      // A scenario module that never loaded may leave timers behind: do not wait for them.
      if (scenarioLoadAbandoned()) process.stderr.write('', () => process.exit(2));
      return 2;
    }
    throw error;
  }
}

function quote(text: string): string {
  return /^[\w./:@=-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
