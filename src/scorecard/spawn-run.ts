import { spawn } from 'node:child_process';

export interface SpawnedRun {
  /** The exit status, or null when a signal ended it. */
  exitCode: number | null;
  /** The last lines it printed (stdout and stderr), for "why is there no report". */
  tail: string;
  /** True when this process was interrupted (SIGINT/SIGTERM) while the run went on. */
  interrupted: boolean;
}

export interface SpawnRunOptions {
  /** The child's whole environment (default: this process's); how a gateway's own headers reach only its run. */
  env?: NodeJS.ProcessEnv;
  /** Applied to every line before it is echoed or kept. */
  redact?: (text: string) => string;
}

/** The last lines kept of a run's output. */
const TAIL_LINES = 30;

/**
 * The command that starts this same brownout CLI again: the same Node, the same loader flags
 * (`--import tsx` in development) and the same entry script, so a scorecard runs the very
 * version that was asked for, from `src/` or `dist/` alike.
 */
export function selfCommand(): { file: string; args: string[] } {
  return { file: process.execPath, args: [...process.execArgv, process.argv[1] as string] };
}

/**
 * Runs `brownout <args>` as a child process, echoing each line it prints to `echo` with a
 * `[name]` prefix. SIGINT/SIGTERM to this process stop the child too (TERM; it stops its own
 * gateway and fault server), so an interrupted scorecard leaves nothing behind.
 *
 * @example const { exitCode } = await spawnRun('reference', ['run', '--seed', '1', '--out', dir], process.stderr)
 */
export function spawnRun(
  name: string,
  args: string[],
  echo: NodeJS.WritableStream,
  options: SpawnRunOptions = {},
): Promise<SpawnedRun> {
  const self = selfCommand();
  const child = spawn(self.file, [...self.args, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.env ? { env: options.env } : {}),
  });
  const redact = options.redact ?? ((text: string) => text);
  const lines: string[] = [];
  const onLine = (raw: string) => {
    const line = redact(raw);
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
    echo.write(`[${name}] ${line}\n`);
  };
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split(/\r?\n|\r/);
      partial = parts.pop() ?? '';
      for (const part of parts) if (part.trim()) onLine(part);
    });
    stream.on('end', () => {
      if (partial.trim()) onLine(partial);
    });
  }
  let interrupted = false;
  const forward = (signal: NodeJS.Signals) => () => {
    interrupted = true;
    child.kill(signal);
  };
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      reject(error);
    });
    child.once('close', (code) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve({ exitCode: code, tail: lines.join('\n'), interrupted });
    });
  });
}
