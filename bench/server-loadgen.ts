/** Runs one load measurement in a process of its own: the undici load generator, or wrk. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LoadResult {
  rps: number;
  p99Ms: number;
  p50Ms: number;
  count: number;
  errors: number;
  loadAvg1?: number;
}

export interface LoadRun {
  url: string;
  body: string;
  concurrency: number;
  ms: number;
  /** Use wrk instead of the undici load generator. */
  wrk?: boolean;
  /** Extra request headers (e.g. a peer gateway's routing config). */
  headers?: Record<string, string>;
  /** Called after the warm-up, right before the measured run (wrk only). */
  beforeMeasure?: () => void;
}

export async function runLoadProcess(load: LoadRun): Promise<LoadResult> {
  const result = load.wrk ? await runWrk(load) : await runUndici(load);
  // A few failures on a loaded machine (wrk's timeouts) are recorded in the result; more fail the run.
  if (result.errors > Math.max(0, result.count) * 0.01)
    throw new Error(`load on ${load.url}: ${result.errors} failed requests of ${result.count}`);
  return result;
}

async function runUndici(load: LoadRun): Promise<LoadResult> {
  const limits = { maxRequests: 2_000_000, maxMs: load.ms };
  const warmup = { maxRequests: 2_000_000, maxMs: Math.min(1000, load.ms / 2) };
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./server-load.ts', import.meta.url)),
      load.url,
      load.body,
      String(load.concurrency),
      JSON.stringify(limits),
      JSON.stringify(warmup),
      JSON.stringify(load.headers ?? {}),
    ],
    { timeout: load.ms * 3 + 30_000, maxBuffer: 1 << 20 },
  );
  const stats = JSON.parse(stdout.trim().split('\n').at(-1) as string) as LoadResult & {
    firstError?: string;
  };
  if (stats.firstError) console.error(stats.firstError);
  return stats;
}

let script: string | undefined;

async function runWrk(load: LoadRun): Promise<LoadResult> {
  script ??= join(mkdtempSync(join(tmpdir(), 'brownout-wrk-')), 'post.lua');
  // Same script file, this run's body (stream or not) and headers.
  const headers = {
    'content-type': 'application/json',
    authorization: 'Bearer sk-bench',
    ...load.headers,
  };
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      `wrk.body = ${JSON.stringify(load.body)}`,
      ...Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${luaString(v)}`),
      '',
    ].join('\n'),
  );
  const seconds = Math.max(1, Math.round(load.ms / 1000));
  // wrk's default 2 s timeout counts a slow answer on a loaded machine as a failure.
  const args = [
    '-t1',
    `-c${load.concurrency}`,
    `-d${seconds}s`,
    '--timeout',
    '10s',
    '--latency',
    '-s',
    script,
    load.url,
  ];
  await run('wrk', ['-t1', `-c${load.concurrency}`, '-d1s', '--timeout', '10s', '-s', script, load.url]); // warm-up
  load.beforeMeasure?.();
  const { stdout } = await run('wrk', args, { timeout: seconds * 1000 + 30_000 });
  const num = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? Number.NaN);
  const ms = (re: RegExp) => {
    const m = re.exec(stdout);
    if (!m) return Number.NaN;
    const factor = m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1;
    return Number(m[1]) * factor;
  };
  const count = num(/(\d+) requests in/);
  const non2xx = num(/Non-2xx or 3xx responses: (\d+)/);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const errors =
    (Number.isNaN(non2xx) ? 0 : non2xx) +
    (socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return {
    rps: Math.round(num(/Requests\/sec:\s+([\d.]+)/)),
    p50Ms: ms(/50%\s+([\d.]+)(us|ms|s)/),
    p99Ms: ms(/99%\s+([\d.]+)(us|ms|s)/),
    count,
    errors,
  };
}

/** A Lua long string: no escapes to get wrong, whatever the value holds. */
function luaString(value: string): string {
  let level = '';
  while (value.includes(`]${level}]`)) level += '=';
  return `[${level}[${value}]${level}]`;
}
