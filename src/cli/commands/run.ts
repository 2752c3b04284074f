import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { OutDirError, prepareOutDir } from '../../report/out-dir.ts';
import { createRedactor } from '../../report/redact.ts';
import { REPORT_FILES, writeReports } from '../../report/write.ts';
import { isScenarioFileError } from '../../scenario/errors.ts';
import { loadScenarios, scenarioLoadAbandoned } from '../../scenario/load.ts';
import { runSuite } from '../../scenario/run-suite.ts';
import { BACKENDS, type BackendName } from '../../scenario/schema.ts';
import { isGatewayProcessError } from '../../systems/gateway-process.ts';
import { isSystemFileError } from '../../systems/load-system.ts';
import { createProgress } from '../progress.ts';
import { resolveTargets } from '../run-targets.ts';
import { printSummary } from '../summary.ts';
import { parseIntOption, parsePortOption, parseSeedOption, UsageError } from '../usage.ts';

interface RunOptions {
  backend?: string;
  seed?: number;
  out: string;
  grep?: string;
  target?: string;
  faultServerPort?: number;
  blackBox?: boolean;
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
    .option(
      '--black-box',
      "with --target or --target-cmd: ignore the gateway's route headers; judge it from the client's view and the upstream record",
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

    // Before any traffic: a run whose reports cannot be written is lost work.
    const several = targets.length > 1;
    const outDirs: string[] = [];
    for (const target of targets) {
      const dir = several ? join(resolve(options.out), target.system.name) : options.out;
      outDirs.push(
        await prepareOutDir(dir, Object.values(REPORT_FILES)).catch((error: unknown) => {
          throw error instanceof OutDirError ? new UsageError(`--out: ${error.message}`) : error;
        }),
      );
    }

    const progress = createProgress(process.stderr);
    let worst = 0;
    for (const [index, target] of targets.entries()) {
      progress.line(
        `brownout: ${scenarios.length} scenario(s), seed ${seed}${target.system.kind === 'reference' ? '' : `, system ${target.system.name}`}`,
      );
      if (scenarios.some((s) => s.properties?.length)) for (const note of target.notes) progress.line(note);
      if (options.target !== undefined && options.faultServerPort !== undefined) {
        const { preflightGateway } = await import('../gateway-preflight.ts');
        const failure = await preflightGateway(options.target, {
          port: options.faultServerPort,
          apiKey: 'sk-brownout-preflight-0123456789abcdef',
        });
        if (failure) {
          process.stderr.write(
            createRedactor()(
              `brownout run: preflight failed: ${options.target} could not serve a healthy request (no fault armed)${failure.status === undefined ? '' : `: HTTP ${failure.status}`}\n${failure.body}\n`,
            ),
          );
          return 2;
        }
      }
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
            ...replayEnvironment(
              target.system.kind === 'gateway' || target.system.kind === 'gateway-command',
            ),
            'npx brownout run',
            quote(resolve((scenario.source ?? '').replace(/\[\d+\]$/, ''))),
            `--backend ${backend}`,
            `--seed ${seed}`,
            `--grep ${quote(`^${scenario.id}$`)}`,
            ...target.replayArgs,
          ].join(' '),
        command: ['brownout', ...process.argv.slice(2)].join(' '),
        onScenarioStart: (scenario, backend, i, total) => {
          target.beforeScenario?.(scenario);
          progress.start(`[${i + 1}/${total}] ${scenario.id} (${backend})`);
        },
        onProgress: (done, total) => progress.update(`${done}/${total} requests`),
        onScenarioEnd: (r) => {
          const failed = r.checks.filter((c) => c.verdict === 'fail');
          const applicable = r.checks.filter((c) => c.verdict !== 'not-applicable').length;
          progress.end(
            `${r.verdict === 'pass' ? 'PASS' : 'FAIL'} ${r.id} (${r.backend}) grade ${r.grade ?? '-'}, ${r.stats.requests} requests${r.notSent ? ` (${r.notSent} not sent)` : ''}, ${applicable - failed.length}/${applicable} checks passed, ${Math.round(r.durationMs)} ms`,
          );
          for (const check of failed)
            progress.line(`       ${check.level === 'advisory' ? '!' : '✗'} ${check.id}: ${check.message}`);
          if (r.grade === 'fail' && failed.length === 0 && r.gradeReason)
            progress.line(`       ✗ ${r.gradeReason}`);
          if (r.verdict === 'fail') progress.line(`       replay: ${r.replay}`);
        },
      });
      report.system = target.system;
      const written = await writeReports(report, outDirs[index] as string);
      printSummary(report, process.stdout);
      process.stdout.write(
        `\nReports: ${[written.html, written.json, written.junit, written.markdown].join('\n         ')}\n`,
      );
      if (report.summary.scenarios === 0) {
        // Every run was skipped: nothing was tested, so this is no pass (exit 2: the choice of backend).
        process.stderr.write(
          `brownout run: nothing ran: every scenario run was skipped (${report.skipped?.length ?? 0}); pick a backend that can produce their faults, or drop --backend\n`,
        );
        worst = 2;
        continue;
      }
      worst = Math.max(worst, report.summary.failed === 0 ? 0 : 1);
    }
    return worst;
  } catch (error) {
    const redact = createRedactor();
    if (isScenarioFileError(error) || isSystemFileError(error) || isGatewayProcessError(error)) {
      const what = isScenarioFileError(error)
        ? 'invalid scenario file'
        : isSystemFileError(error)
          ? 'invalid system module'
          : 'cannot start the gateway:';
      process.stderr.write(redact(`brownout run: ${what} ${error.message}\n`));
      // A module whose load never settled may still hold the process: end it here.
      if (isSystemFileError(error) && error.timedOut) process.exit(2);
      // A scenario module that never loaded may leave timers behind: do not wait for them.
      if (scenarioLoadAbandoned()) process.stderr.write('', () => process.exit(2));
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(redact(`brownout run: ${error.message}\n`));
      process.stderr.write(`${program.commands.find((c) => c.name() === 'run')?.helpInformation() ?? ''}`);
      // A scenario module that never loaded may leave timers behind: do not wait for them.
      if (scenarioLoadAbandoned()) process.stderr.write('', () => process.exit(2));
      return 2;
    }
    throw error;
  }
}

/**
 * Environment a replay needs, named (never its value: it may hold a key): the shell that replays
 * must still have it set.
 */
function replayEnvironment(target: boolean): string[] {
  const names = target ? ['BROWNOUT_TARGET_HEADERS'] : [];
  return names.filter((name) => process.env[name] !== undefined).map((name) => `${name}="$${name}"`);
}

function quote(text: string): string {
  return /^[\w./:@=-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
