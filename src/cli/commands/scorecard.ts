import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { createRedactor, secretsFromEnv } from '../../report/redact.ts';
import { BACKENDS, type BackendName } from '../../scenario/schema.ts';
import { runScorecard } from '../../scorecard/run-scorecard.ts';
import { headerSecrets } from '../../scorecard/system-headers.ts';
import { ScorecardUsageError, SystemCollector } from '../../scorecard/systems.ts';
import { writeScorecard } from '../../scorecard/write.ts';
import { parseIntOption } from '../usage.ts';

interface ScorecardCliOptions {
  seed?: number;
  out: string;
  grep?: string;
  backend?: string;
  faultServerPort?: number;
}

/**
 * `brownout scorecard`: the suite against several systems, side by side. Exit 0 when every
 * system's run wrote its report, 1 when one did not (or the scorecard was interrupted), 2 for bad
 * usage. Grades are the scorecard's content, not its exit status: a comparison is not a gate.
 */
export function registerScorecard(program: Command): void {
  // Commander calls option parsers in command-line order, so --name can follow the system it names.
  let systems = new SystemCollector();
  const collect =
    (kind: 'system' | 'target' | 'target-cmd') =>
    (value: string): string => {
      asInvalidArgument(() => systems.add(kind, value));
      return value;
    };
  program
    .command('scorecard')
    .description(
      'Run the scenarios against several systems (the reference router, your own code, gateways) and write one side-by-side scorecard (HTML, Markdown, JSON).',
    )
    .argument('[files...]', 'scenario files, directories or globs (default: the suite, as `brownout run`)')
    .option('--reference', 'include brownout’s reference router', () => {
      asInvalidArgument(() => systems.add('reference', ''));
      return true;
    })
    .option('--system <file>', 'include a defineSystem module (repeatable)', collect('system'))
    .option('--target <url>', 'include a running OpenAI-compatible gateway (repeatable)', collect('target'))
    .option(
      '--target-cmd <command>',
      "include a gateway started fresh per scenario: 'CMD {port} {upstream}' (repeatable)",
      collect('target-cmd'),
    )
    .option('--name <name>', 'name the system given just before this flag', (value: string) => {
      asInvalidArgument(() => systems.nameLast(value));
      return value;
    })
    .option(
      '--target-headers-env <var>',
      'the gateway given just before this flag sends the headers in $VAR (a JSON object, as BROWNOUT_TARGET_HEADERS) instead of BROWNOUT_TARGET_HEADERS; only its own run sees them',
      (value: string) => {
        asInvalidArgument(() => systems.headersEnvLast(value));
        return value;
      },
    )
    .option(
      '--fault-server-port <n>',
      'with --target: the port of the fault server the gateways’ upstreams point at',
      parseIntOption('--fault-server-port'),
    )
    .option(
      '--backend <name>',
      `run in-process systems (--reference, --system) on this backend only (${BACKENDS.join(', ')}); gateways always use the fault server`,
    )
    .option('--grep <pattern>', 'only scenarios whose id or title matches (passed to every run)')
    .option('--seed <n>', 'one seed for every system (default: random, printed)', parseIntOption('--seed'))
    .option('--out <dir>', 'where to write the scorecard and each system’s run', 'reports/scorecard')
    .addHelpText(
      'after',
      `
Each gateway its own headers, never another's (only its run gets them, through its environment):
  export PORTKEY_HEADERS="$(examples/gateways/portkey/headers.sh '{upstream}')"
  export LITELLM_HEADERS="$(examples/gateways/litellm/headers.sh)"
  brownout scorecard --reference \\
    --target-cmd 'examples/gateways/portkey/start.sh {port}' --name "Portkey 1.15.2" --target-headers-env PORTKEY_HEADERS \\
    --target http://127.0.0.1:4100 --name "LiteLLM 1.108.0" --target-headers-env LITELLM_HEADERS \\
    --fault-server-port 9797 --backend server --seed 7
A gateway without --target-headers-env gets BROWNOUT_TARGET_HEADERS; see docs/scorecard.md.`,
    )
    .action(async (files: string[], options: ScorecardCliOptions) => {
      process.exitCode = await scorecard(files, options, systems, program);
      systems = new SystemCollector();
    });
}

/** Commander reports an InvalidArgumentError as bad usage (exit 2, via the program's exitOverride). */
function asInvalidArgument(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScorecardUsageError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

async function scorecard(
  files: string[],
  options: ScorecardCliOptions,
  collected: SystemCollector,
  program: Command,
): Promise<number> {
  try {
    if (collected.specs.length === 0)
      throw new ScorecardUsageError(
        'no system to score: give at least one of --reference, --system FILE, --target URL, --target-cmd CMD',
      );
    if (collected.specs.some((s) => s.kind === 'target') && options.faultServerPort === undefined)
      throw new ScorecardUsageError(
        '--target needs --fault-server-port N: the port of the fault server the gateway’s upstreams point at',
      );
    if (options.backend !== undefined && !BACKENDS.includes(options.backend as BackendName))
      throw new ScorecardUsageError(
        `--backend must be one of ${BACKENDS.join(', ')}, got "${options.backend}"`,
      );
    if (options.grep !== undefined) {
      try {
        new RegExp(options.grep);
      } catch (error) {
        throw new ScorecardUsageError(
          `--grep is not a valid regular expression: ${(error as Error).message}`,
        );
      }
    }
    // The gateways' header credentials are secrets too, whatever their variables are called.
    const redactor = createRedactor([...secretsFromEnv(), ...headerSecrets(collected.specs, process.env)]);
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    process.stderr.write(`brownout scorecard: ${collected.specs.length} system(s), seed ${seed}\n`);
    const { scorecard: card, interrupted } = await runScorecard({
      systems: collected.specs,
      files,
      seed,
      outDir: options.out,
      ...(options.grep === undefined ? {} : { grep: options.grep }),
      ...(options.backend === undefined ? {} : { backend: options.backend }),
      ...(options.faultServerPort === undefined ? {} : { faultServerPort: options.faultServerPort }),
      echo: process.stderr,
      command: ['brownout', ...process.argv.slice(2)].join(' '),
      redactor,
    });
    const written = await writeScorecard(card, resolve(options.out), redactor);
    for (const s of card.systems) {
      const sum = s.summary;
      process.stdout.write(
        `${s.name}: ${sum.pass} pass, ${sum.degraded} degraded, ${sum.safe} safe, ${sum.fail} fail${sum['not-run'] ? `, ${sum['not-run']} not run` : ''}${s.error ? ' (no report)' : ''}\n`,
      );
    }
    process.stdout.write(
      `\nScorecard: ${written.html}\n           ${written.markdown}\n           ${written.json}\n`,
    );
    return interrupted || card.systems.some((s) => s.error !== undefined) ? 1 : 0;
  } catch (error) {
    if (error instanceof ScorecardUsageError) {
      process.stderr.write(`brownout scorecard: ${error.message}\n`);
      process.stderr.write(program.commands.find((c) => c.name() === 'scorecard')?.helpInformation() ?? '');
      return 2;
    }
    throw error;
  }
}
