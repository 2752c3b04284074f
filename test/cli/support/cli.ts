import { type ChildProcess, type ChildProcessByStdio, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** Starts the CLI as in dev (`node --import tsx src/cli/main.ts ...args`), without real keys in its env. */
function spawnCli(
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): ChildProcessByStdio<null, Readable, Readable> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
  delete env.OPENAI_API_KEY;
  delete env.HF_TOKEN;
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  return child;
}

/** A port nothing listens on right now (the OS picks it; the caller binds it soon after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its end, killed after `timeoutMs`. */
export function runCli(args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A long-running CLI command (e.g. `gateway`), ready once its stdout matches `ready`. */
export interface Daemon {
  child: ChildProcess;
  match: RegExpMatchArray;
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 3 s; resolves with its exit code. */
  stop(): Promise<number | null>;
}

export function startDaemon(
  args: string[],
  ready: RegExp,
  timeoutMs: number,
  env: NodeJS.ProcessEnv = {},
): Promise<Daemon> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let out = '';
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const daemon = (match: RegExpMatchArray): Daemon => ({
      child,
      match,
      output: () => out,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
          const code = await exited;
          clearTimeout(timer);
          return code;
        }
        return child.exitCode;
      },
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`not ready within ${timeoutMs} ms: ${out}`));
    }, timeoutMs);
    const onData = (d: string) => {
      out += d;
      const match = out.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve(daemon(match));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: string) => {
      out += d;
    });
    child.once('error', reject);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready: ${out}`));
    });
  });
}
