/**
 * The two proxies of the gateway comparison (`bench/gateway.bench.ts`), each in a process of its own:
 *
 * - `startPassthrough(upstream)`: a bare node:http server that forwards `POST /v1/chat/completions`
 *   to `<upstream>/openai/v1/chat/completions` with undici `Pool.request()` and sends the answer
 *   back as it comes (a length-delimited body whole, a chunked one chunk by chunk). No checks, no
 *   parsing: the least a proxy can do.
 * - `startGateway(upstream)`: `brownout gateway --upstream <upstream>` from dist/, as users run it.
 *
 * `BENCH_SERVER_PROF=1` runs both under `--cpu-prof` (profiles in reports/bench/prof/, written
 * when the process ends on SIGINT).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

export interface ProxyProcess {
  origin: string;
  pid: number;
  close(): Promise<void>;
}

const PROF_ARGS = process.env.BENCH_SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir=reports/bench/prof'] : [];

function closer(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(kill);
        done();
      });
      // SIGINT lets a --cpu-prof run write its profile.
      child.kill('SIGINT');
    });
}

/** Resolves once `read` finds the origin, or rejects after `timeoutMs` or an early exit. */
function started(
  child: ChildProcess,
  name: string,
  timeoutMs: number,
  wait: (found: (origin: string) => void) => void,
): Promise<ProxyProcess> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const early = (code: number | null) => reject(new Error(`${name} exited early with code ${code}`));
    child.once('exit', early);
    wait((origin) => {
      clearTimeout(timer);
      child.off('exit', early);
      resolve({ origin, pid: child.pid as number, close: closer(child) });
    });
  });
}

export function startPassthrough(upstream: string, timeoutMs = 30_000): Promise<ProxyProcess> {
  const child = fork(fileURLToPath(import.meta.url), ['--passthrough', upstream], {
    execArgv: ['--import', 'tsx', ...PROF_ARGS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return started(child, 'passthrough proxy', timeoutMs, (found) =>
    child.once('message', (m: { port: number }) => found(`http://127.0.0.1:${m.port}`)),
  );
}

/**
 * `nodeArgs` go to node before the script (e.g. a preload); `env` is added to this process's;
 * `dist` is another build's folder (e.g. one from before a change, for a side-by-side run).
 */
export function startGateway(
  upstream: string,
  options: { nodeArgs?: string[]; env?: Record<string, string>; timeoutMs?: number; dist?: string } = {},
): Promise<ProxyProcess> {
  const main = options.dist
    ? resolve(options.dist, 'cli/main.js')
    : fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [...PROF_ARGS, ...(options.nodeArgs ?? []), main, 'gateway', '--port', '0', '--upstream', upstream],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...options.env } },
  );
  const timeoutMs = options.timeoutMs ?? 30_000;
  return started(child, 'brownout gateway', timeoutMs, (found) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      // "brownout gateway listening on http://127.0.0.1:PORT/v1 (...)"
      const m = /listening on (http:\/\/[^\s/]+)\/v1/.exec(out);
      if (m?.[1]) {
        out = '';
        found(m[1]);
      }
    });
  });
}

/** Hop-by-hop headers a proxy does not forward (RFC 9110 7.6.1), plus the length it sets itself. */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'content-length']);

function servePassthrough(upstream: string): void {
  const pool = new Pool(upstream, {
    connections: 256,
    keepAliveTimeout: 30_000,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      try {
        const answer = await pool.request({
          path: `/openai${req.url ?? '/'}`,
          method: 'POST',
          headers: {
            'content-type': req.headers['content-type'] ?? 'application/json',
            authorization: req.headers.authorization ?? '',
          },
          body: Buffer.concat(chunks),
        });
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(answer.headers))
          if (!HOP.has(name) && typeof value === 'string') headers[name] = value;
        if (answer.headers['content-length'] !== undefined) {
          const body = Buffer.from(await answer.body.arrayBuffer());
          res.writeHead(answer.statusCode, headers).end(body);
          return;
        }
        res.writeHead(answer.statusCode, headers);
        for await (const chunk of answer.body) res.write(chunk);
        res.end();
      } catch (error) {
        if (res.headersSent) res.destroy();
        else res.writeHead(502).end(String(error));
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (typeof address === 'object' && address) process.send?.({ port: address.port });
  });
  process.on('SIGINT', () => process.exit(0));
  // Ends with its parent, whatever way the parent ends.
  process.on('disconnect', () => process.exit(0));
}

if (process.argv.includes('--passthrough')) {
  servePassthrough(process.argv[process.argv.indexOf('--passthrough') + 1] as string);
}
