/**
 * A gateway started from a shell command, in its own process group: started, waited on until it
 * answers a healthy request, stopped with SIGTERM then SIGKILL. Every group started here is also
 * killed when brownout is interrupted (SIGINT, SIGTERM) or exits for any reason, so no gateway
 * outlives the run. `brownout run --target-cmd` starts one per scenario; other commands
 * (`brownout load`) can call the same API.
 *
 * @example
 * const gateway = await startGatewayProcess({
 *   command: 'node dist/cli/main.js gateway --port {port} --upstream {upstream}',
 *   values: { upstream: 'http://127.0.0.1:8787' },
 * });
 * // ... drive gateway.url ...
 * await gateway.stop();
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { BrownoutRangeError } from '../errors.ts';
import { healthyChatRequest } from './gateway-health.ts';
import { OutputTail } from './output-tail.ts';

export const DEFAULT_READY_TIMEOUT_MS = 30_000;
export const DEFAULT_STOP_GRACE_MS = 3_000;

/** A gateway that could not be started: names the command, why, and the gateway's own output. */
export class GatewayProcessError extends Error {
  readonly code = 'BROWNOUT_GATEWAY_START';
  override readonly name = 'GatewayProcessError';
  constructor(
    message: string,
    readonly output: string,
    /** The process group that was started (and stopped), when one was. */
    readonly pid?: number,
  ) {
    super(output ? `${message}\n--- the gateway's output (last lines) ---\n${output}` : message);
  }
}

export function isGatewayProcessError(error: unknown): error is GatewayProcessError {
  return (error as { code?: unknown } | null)?.code === 'BROWNOUT_GATEWAY_START';
}

/** A port nothing listens on right now (the OS picks it; the gateway binds it just after). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Replaces `{name}` with `values[name]`; an unknown `{name}` is an error (a typo would start a broken gateway). */
export function substitute(template: string, values: Record<string, string>): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      throw new BrownoutRangeError(
        'BROWNOUT_GATEWAY_COMMAND',
        `the gateway command uses ${whole}, which brownout does not fill in (it fills ${Object.keys(values)
          .map((k) => `{${k}}`)
          .join(', ')})`,
      );
    }
    return value;
  });
}

export interface GatewayProcessOptions {
  /** A shell command; `{port}` and every key of `values` are filled in. */
  command: string;
  /** More placeholders (`{upstream}`, ...); also exported to the command as `BROWNOUT_<NAME>`. */
  values?: Record<string, string>;
  /** The port to fill in as `{port}` (default: a free one). */
  port?: number;
  host?: string;
  /** Extra environment for the command. */
  env?: Record<string, string>;
  cwd?: string;
  /** Resolves true once the gateway answers a healthy request (default: a chat completion that gets a 2xx). */
  isReady?: (url: string, signal: AbortSignal) => Promise<boolean>;
  readyTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL. */
  graceMs?: number;
}

export interface GatewayProcess {
  /** The process group (and its leader's pid). */
  readonly pid: number;
  readonly port: number;
  /** `http://host:port`, the gateway's base (without `/v1`). */
  readonly url: string;
  /** The command as run, placeholders filled in. */
  readonly command: string;
  /** The last lines the gateway wrote to stdout and stderr. */
  output(): string;
  /** SIGTERM to the group, SIGKILL after the grace period; resolves once no process of it is left. */
  stop(): Promise<void>;
}

/** Starts the gateway and waits until it answers a healthy request; throws `GatewayProcessError` otherwise (it is stopped first). */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const values = { ...options.values, port: String(port) };
  let command: string;
  try {
    command = substitute(options.command, values);
  } catch (error) {
    throw new GatewayProcessError(`--target-cmd: ${(error as Error).message}`, '');
  }
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  for (const [name, value] of Object.entries(values)) env[`BROWNOUT_${name.toUpperCase()}`] = value;
  const tail = new OutputTail();
  // A process group of its own (detached): one signal reaches the shell and everything it started.
  const child = spawn('/bin/sh', ['-c', command], {
    cwd: options.cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) {
    throw new GatewayProcessError(`--target-cmd: cannot start "${command}"`, '');
  }
  child.stdout?.on('data', (d: Buffer) => tail.write(d));
  child.stderr?.on('data', (d: Buffer) => tail.write(d));
  child.on('error', (error) => tail.write(Buffer.from(`brownout: ${error.message}\n`)));
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const gateway = trackGroup(child, pid, options.graceMs ?? DEFAULT_STOP_GRACE_MS);
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const failure = await waitUntilReady(child, url, options.isReady ?? healthyChatRequest(), readyTimeoutMs);
  if (failure) {
    await gateway.stop();
    throw new GatewayProcessError(`--target-cmd: the gateway "${command}" ${failure}`, tail.text(), pid);
  }
  return { pid, port, url, command, output: () => tail.text(), stop: gateway.stop };
}

/** Polls `isReady` until it says yes; returns why it never did (the process exited, or the time ran out). */
async function waitUntilReady(
  child: ChildProcess,
  url: string,
  isReady: NonNullable<GatewayProcessOptions['isReady']>,
  timeoutMs: number,
): Promise<string | undefined> {
  const deadline = performance.now() + timeoutMs;
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  });
  let last = 'no answer yet';
  while (performance.now() < deadline) {
    if (exited) return `${exited} before it answered a healthy request`;
    const remaining = Math.max(1, Math.ceil(deadline - performance.now()));
    try {
      if (await isReady(url, AbortSignal.timeout(Math.min(2_000, remaining)))) return undefined;
      last = 'it answered, but not with a success';
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (exited) return `${exited} before it answered a healthy request`;
  return `did not answer a healthy request at ${url} within ${timeoutMs} ms (last: ${last})`;
}

// --- Process groups: stopped on request, and all of them when brownout exits or is interrupted. ---

const live = new Map<number, () => Promise<void>>();

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}

/** Whether any process of the group is still running (zombies waiting for their reaper do not count). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...: comm may hold spaces, so read after its closing parenthesis.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') return true;
    } catch {
      // The process ended while we looked.
    }
  }
  return false;
}

async function untilGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (!groupAlive(pgid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return !groupAlive(pgid);
}

function trackGroup(child: ChildProcess, pgid: number, graceMs: number): { stop: () => Promise<void> } {
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      signalGroup(pgid, 'SIGTERM');
      if (!(await untilGone(pgid, graceMs))) {
        signalGroup(pgid, 'SIGKILL');
        await untilGone(pgid, 2_000);
      }
      child.stdout?.destroy();
      child.stderr?.destroy();
      live.delete(pgid);
      if (live.size === 0) uninstallExitHandlers();
    })();
    return stopping;
  };
  live.set(pgid, stop);
  installExitHandlers();
  return { stop };
}

let installed = false;

function killAllNow(): void {
  for (const pgid of live.keys()) signalGroup(pgid, 'SIGKILL');
}

/** On SIGINT/SIGTERM: stop every gateway (TERM, then KILL), then exit as the signal would have. */
function onSignal(signal: NodeJS.Signals): void {
  process.stderr.write(`\nbrownout: ${signal}: stopping ${live.size} gateway process(es)\n`);
  void Promise.allSettled([...live.values()].map((stop) => stop())).then(() =>
    process.exit(signal === 'SIGINT' ? 130 : 143),
  );
}

function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  // 'exit' also runs on a crash (an uncaught exception): only synchronous work is possible there.
  process.on('exit', killAllNow);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function uninstallExitHandlers(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', killAllNow);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
