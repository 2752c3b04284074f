/**
 * One server of the fault-server comparison, in a process of its own (forked by
 * `bench/servers.bench.ts`), reporting its port over IPC:
 *
 * - `fault <faults-json>`: the brownout fault server (upstream record on, as always) with these
 *   faults installed.
 * - `bare`: a bare node:http server. It waits for a `{ replay }` message carrying a captured answer
 *   of the fault server (status, headers, body pieces) and sends those bytes for every request:
 *   one `end()` when the answer had a length, one `write()` per piece otherwise.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

/** A captured answer, replayed byte for byte by the bare server. */
export interface Replay {
  status: number;
  headers: Record<string, string>;
  pieces: string[];
}

export interface ServerProcess {
  origin: string;
  child: ChildProcess;
  replay(answer: Replay): Promise<void>;
  close(): Promise<void>;
}

/** Forks this file as a server process and resolves once it listens. */
export function startServerProcess(args: string[], timeoutMs = 30_000): Promise<ServerProcess> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', ...args], {
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir=reports/bench/prof'] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`bench server ${args[0]} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => reject(new Error(`bench server ${args[0]} exited early with code ${code}`)));
    child.once('message', (message: { port: number }) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        origin: `http://127.0.0.1:${message.port}`,
        child,
        replay: (answer) =>
          new Promise((done) => {
            child.once('message', () => done());
            child.send({ replay: answer });
          }),
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            // SIGINT lets a --cpu-prof run write its profile.
            child.kill('SIGINT');
          }),
      });
    });
  });
}

function serveBare(): void {
  let answer: Replay = { status: 503, headers: {}, pieces: ['not primed'] };
  let whole = Buffer.from(answer.pieces.join(''));
  let pieces: Buffer[] = [];
  process.on('message', (message: { replay?: Replay }) => {
    if (!message.replay) return;
    answer = message.replay;
    whole = Buffer.from(answer.pieces.join(''));
    pieces = answer.pieces.map((piece) => Buffer.from(piece));
    process.send?.({ primed: true });
  });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Read the request body as a real server would before answering.
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(answer.status, answer.headers);
      if (answer.headers['content-length'] !== undefined) return void res.end(whole);
      for (const piece of pieces) res.write(piece);
      res.end();
    });
  });
  listen(server);
}

async function serveFault(faultsJson: string): Promise<void> {
  // The built code, as `brownout fault-server` runs it (tsx would add a __name() call per closure).
  const { FaultServer } = (await import(
    new URL('../dist/faults/server/fault-server.js', import.meta.url).href
  )) as typeof import('../src/faults/server/fault-server.ts');
  const server = new FaultServer({ port: 0, faults: JSON.parse(faultsJson) as unknown[] });
  await server.start();
  process.send?.({ port: server.port });
  process.on('SIGINT', () => void server.stop().then(() => process.exit(0)));
}

function listen(server: ReturnType<typeof createServer>): void {
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (typeof address === 'object' && address) process.send?.({ port: address.port });
  });
  process.on('SIGINT', () => process.exit(0));
}

if (process.argv.includes('--serve')) {
  // Ends with its parent, whatever way the parent ends.
  process.on('disconnect', () => process.exit(0));
  const [kind, arg] = process.argv.slice(process.argv.indexOf('--serve') + 1);
  if (kind === 'bare') serveBare();
  else if (kind === 'fault') await serveFault(arg ?? '[]');
  else throw new Error(`server-proc: unknown server kind ${kind}`);
}
