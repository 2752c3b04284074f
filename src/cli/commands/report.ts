import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULT_MIN_DELTA_MS, DEFAULT_TOLERANCE, diffReports } from '../../report/diff.ts';
import { renderDiffMarkdown } from '../../report/diff-markdown.ts';
import { renderDiffHtml } from '../../report/html/diff.ts';
import { ReportInputError, readReportFile } from '../../report/schema.ts';
import { findLatestReport, serveReport } from '../../report/serve.ts';
import { listenFailure } from '../usage.ts';

interface DiffOptions {
  out?: string;
  tolerance: number;
  minDeltaMs: number;
}

interface OpenOptions {
  port?: number;
  browser: boolean;
}

function nonNegative(option: string, unit: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
      throw new InvalidArgumentError(`${option} must be a number of 0 or more (${unit}), got "${value}"`);
    }
    return n;
  };
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError(`--port must be a whole number from 0 to 65535, got "${value}"`);
  return n;
}

/** `brownout report diff` and `brownout report open`. */
export function registerReport(program: Command): void {
  const report = program.command('report').description('Compare resilience reports, or open the latest one.');

  report
    .command('diff')
    .description(
      'Compare two resilience-report.json files per scenario and check: verdict changes, new and removed scenarios, p95/p99 latency and failover latency beyond a tolerance. Markdown on stdout. Exit 1 on a regression, 0 otherwise, 2 on unreadable input.',
    )
    .argument('<base>', 'the report to compare against (e.g. the last release)')
    .argument('<head>', 'the report under review')
    .option('--out <file>', 'also write the diff as a self-contained HTML page')
    .option(
      '--tolerance <fraction>',
      'a quantile regressed when it grew by more than this fraction',
      nonNegative('--tolerance', 'a fraction, 0.2 for 20%'),
      DEFAULT_TOLERANCE,
    )
    .option(
      '--min-delta-ms <ms>',
      '...and by more than this many milliseconds',
      nonNegative('--min-delta-ms', 'milliseconds'),
      DEFAULT_MIN_DELTA_MS,
    )
    .action(async (base: string, head: string, options: DiffOptions) => {
      process.exitCode = await diff(base, head, options);
    });

  report
    .command('open')
    .description('Serve the latest HTML report on 127.0.0.1 and print its URL (Ctrl+C stops).')
    .argument('[dir]', 'a report directory, or a directory of them', 'reports')
    .option('--port <n>', 'port to listen on (default: a free one)', port)
    .option('--no-browser', 'only print the URL; do not try to open a browser')
    .action(async (dir: string, options: OpenOptions) => {
      process.exitCode = await open(dir, options);
    });
}

async function diff(basePath: string, headPath: string, options: DiffOptions): Promise<number> {
  let base: Awaited<ReturnType<typeof readReportFile>>;
  let head: typeof base;
  try {
    [base, head] = await Promise.all([readReportFile(basePath), readReportFile(headPath)]);
  } catch (error) {
    if (!(error instanceof ReportInputError)) throw error;
    process.stderr.write(`brownout report diff: ${error.message}\n`);
    return 2;
  }
  const result = diffReports(base, head, { tolerance: options.tolerance, minDeltaMs: options.minDeltaMs });
  process.stdout.write(renderDiffMarkdown(result));
  if (options.out) {
    const out = resolve(options.out);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, renderDiffHtml(result), 'utf8');
    process.stderr.write(`HTML diff: ${out}\n`);
  }
  return result.regressions > 0 ? 1 : 0;
}

async function open(dir: string, options: OpenOptions): Promise<number> {
  const found = await findLatestReport(dir);
  if (!found) {
    process.stderr.write(
      `brownout report open: no resilience-report.html in ${resolve(dir)} or its sub-directories. Run \`brownout run\` first (it writes reports/), or name the directory.\n`,
    );
    return 2;
  }
  let served: Awaited<ReturnType<typeof serveReport>>;
  try {
    served = await serveReport(found, options.port === undefined ? {} : { port: options.port });
  } catch (error) {
    const failure = listenFailure(error, '127.0.0.1', options.port ?? 0);
    if (!failure) throw error;
    process.stderr.write(`brownout report open: ${failure.message}\n`);
    return failure.exitCode;
  }
  process.stdout.write(`Serving ${found}\n${served.url}\nPress Ctrl+C to stop.\n`);
  if (options.browser) openBrowser(served.url);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await served.close();
  return 0;
}

/** Tries the platform's opener where a display exists; never fails (the URL is printed anyway). */
function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin'
      ? 'open'
      : process.platform === 'win32'
        ? 'explorer'
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? 'xdg-open'
          : undefined;
  if (!command) return;
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No opener: the URL is on stdout.
  }
}
