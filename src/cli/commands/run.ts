import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { writeReports } from '../../report/write.ts';
import { isScenarioFileError } from '../../scenario/errors.ts';
import { isGatewayProcessError } from '../../scenario/gateway-process.ts';
import { loadScenarios } from '../../scenario/load.ts';
import { isSystemFileError } from '../../scenario/load-system.ts';
import { runSuite } from '../../scenario/run-suite.ts';
import { BACKENDS, type BackendName } from '../../scenario/schema.ts';
import { createProgress } from '../progress.ts';
import { resolveTargets } from '../run-targets.ts';
import { printSummary } from '../summary.ts';
import { parseIntOption, UsageError } from '../usage.ts';

interface RunOptions {
  backend?: string;
  seed?: number;
  out: string;
  grep?: string;
  target?: string;
  faultServerPort?: number;
  system?: string[];
  targetCmd?: string;
  targetReadyTimeout?: number;
  systemName?: string;
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
      parseIntOption('--seed'),
    )
    .option('--out <dir>', 'where to write the reports', 'reports')
    .option('--grep <pattern>', 'only scenarios whose id or title matches this regular expression')
    .option('--target <url>', 'test an OpenAI-compatible gateway at this URL instead of the reference router')
    .option(
      '--fault-server-port <n>',
      'with --target: the port of the fault server the gateway upstreams point at',
      parseIntOption('--fault-server-port'),
    )
    .option(
      '--system <file>',
      'test your own failover code: a module whose default export is defineSystem({ name, chat, stream }) (repeatable)',
      (file: string, previous: string[] = []) => [...previous, file],
    )
    .option(
      '--target-cmd <command>',
      'start this gateway fresh for each scenario; {port}, {upstream}, {openai_base_url}, {hf_base_url} and {scenario} are filled in',
    )
    .option(
      '--target-ready-timeout <ms>',
      'with --target-cmd: how long the gateway has to answer a healthy request (default 30000)',
      parseIntOption('--target-ready-timeout'),
    )
    .option('--system-name <name>', 'with --target or --target-cmd: the name reports give the gateway')
    .action(async (files: string[], options: RunOptions) => {
      process.exitCode = await run(files, options, program);
    });
}

async function run(files: string[], options: RunOptions, program: Command): Promise<number> {
  try {
    if (options.backend !== undefined && !BACKENDS.includes(options.backend as BackendName)) {
      throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got "${options.backend}"`);
    }
    let grep: RegExp | undefined;
    if (options.grep !== undefined) {
      try {
        grep = new RegExp(options.grep);
      } catch (error) {
        throw new UsageError(`--grep is not a valid regular expression: ${(error as Error).message}`);
      }
    }
    const { backend, ...rest } = options;
    const targets = await resolveTargets({
      ...rest,
      ...(backend ? { backend: backend as BackendName } : {}),
    });
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    let scenarios = await loadScenarios(files);
    if (grep) scenarios = scenarios.filter((s) => grep.test(s.id) || grep.test(s.title));
    if (scenarios.length === 0) throw new UsageError(`no scenario matches --grep ${options.grep}`);

    const progress = createProgress(process.stderr);
    let worst = 0;
    for (const target of targets) {
      const several = targets.length > 1;
      progress.line(
        `brownout: ${scenarios.length} scenario(s), seed ${seed}${target.system.kind === 'reference' ? '' : `, system ${target.system.name}`}`,
      );
      if (scenarios.some((s) => s.properties?.length)) for (const note of target.notes) progress.line(note);
      const report = await runSuite(scenarios, {
        seed,
        ...(target.backend ? { backend: target.backend } : {}),
        startBackend: target.startBackend,
        defaultBackends: target.defaultBackends,
        unsupported: target.unsupported,
        runProperties: target.runProperties,
        onSkip: (scenario, backend, reason) => progress.line(`SKIP ${scenario.id} (${backend}): ${reason}`),
        ...(target.factory ? { system: target.factory } : {}),
        replayCommand: (scenario, backend) =>
          [
            'npx brownout run',
            quote(scenario.source),
            `--backend ${backend}`,
            `--seed ${seed}`,
            `--grep ${quote(`^${scenario.id}$`)}`,
            ...target.replayArgs,
          ].join(' '),
        command: ['brownout', ...process.argv.slice(2)].join(' '),
        onScenarioStart: (scenario, backend, index, total) => {
          target.beforeScenario?.(scenario);
          progress.start(`[${index + 1}/${total}] ${scenario.id} (${backend})`);
        },
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
      report.system = target.system;
      // Several systems: one folder of reports each, named after the system.
      const out = several ? join(resolve(options.out), target.system.name) : resolve(options.out);
      const written = await writeReports(report, out);
      printSummary(report, process.stdout);
      process.stdout.write(
        `\nReports: ${written.html}\n         ${written.json}\n         ${written.junit}\n`,
      );
      worst = Math.max(worst, report.summary.failed === 0 ? 0 : 1);
    }
    return worst;
  } catch (error) {
    if (isScenarioFileError(error) || isSystemFileError(error) || isGatewayProcessError(error)) {
      const what = isScenarioFileError(error)
        ? 'invalid scenario file'
        : isSystemFileError(error)
          ? 'invalid system module'
          : 'cannot start the gateway:';
      process.stderr.write(`brownout run: ${what} ${error.message}\n`);
      // A module whose load never settled may still hold the process: end it here.
      if (isSystemFileError(error) && error.timedOut) process.exit(2);
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`brownout run: ${error.message}\n`);
      process.stderr.write(`${program.commands.find((c) => c.name() === 'run')?.helpInformation() ?? ''}`);
      return 2;
    }
    throw error;
  }
}

function quote(text: string): string {
  return /^[\w./:@=-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
