/**
 * Runs one k6 test as a child process, bounded in time: k6 gets SIGTERM (then SIGKILL) when it
 * outlives the configured phases plus a margin, so a stuck run never hangs brownout or CI.
 */
import { spawn } from 'node:child_process';

export interface K6Run {
  exitCode: number;
  /** The run was stopped by brownout's time limit. */
  timedOut: boolean;
  /** k6's last lines on stderr (for the report when it failed). */
  stderrTail: string;
}

export interface RunK6Options {
  k6: string;
  script: string;
  env: Record<string, string>;
  /** k6 JSON output file (`.gz`: gzipped). */
  pointsFile: string;
  limitMs: number;
  cwd: string;
  /** Where k6's own output goes (default: brownout's stderr). */
  echo?: (text: string) => void;
}

const TAIL_BYTES = 4000;

export function runK6(options: RunK6Options): Promise<K6Run> {
  const echo = options.echo ?? ((text: string) => process.stderr.write(text));
  return new Promise((resolve, reject) => {
    const child = spawn(
      options.k6,
      ['run', '--quiet', '--no-color', '--out', `json=${options.pointsFile}`, options.script],
      { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // brownout exiting (SIGINT/SIGTERM stop a --target-cmd gateway, then exit) takes k6 with it.
    const killOnExit = () => child.kill('SIGKILL');
    process.on('exit', killOnExit);
    let tail = '';
    let timedOut = false;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      echo(text);
      tail = (tail + text).slice(-TAIL_BYTES);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const term = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, options.limitMs);
    const kill = setTimeout(() => child.kill('SIGKILL'), options.limitMs + 10_000);
    child.once('error', (error) => {
      process.off('exit', killOnExit);
      clearTimeout(term);
      clearTimeout(kill);
      reject(error);
    });
    child.once('close', (code, signal) => {
      process.off('exit', killOnExit);
      clearTimeout(term);
      clearTimeout(kill);
      resolve({ exitCode: code ?? (signal ? 128 : 1), timedOut, stderrTail: tail });
    });
  });
}
