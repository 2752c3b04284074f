/**
 * The benchmark's fake upstream: a bare node:http server on 127.0.0.1 that answers from
 * memory. Run in its own process (see `startUpstream`) so it never shares an event loop
 * with the load generator.
 *
 * - `POST /v1/chat/completions`: 200, a schema-valid chat.completion (fixtures/openai/chat-completion.json)
 * - any path under `/bad/`: 503 at once, OpenAI's overloaded error body
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

const fixture = (path: string) =>
  Buffer.from(JSON.stringify(JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'))));

export interface Upstream {
  /** e.g. `http://127.0.0.1:39123` */
  origin: string;
  pid: number;
  close(): Promise<void>;
}

/** Forks this file as the upstream process and resolves once it listens. */
export function startUpstream(timeoutMs = 15_000): Promise<Upstream> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`bench upstream did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench upstream exited early with code ${code}`)));
    child.once('message', (message: { port: number }) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        origin: `http://127.0.0.1:${message.port}`,
        pid: child.pid as number,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill();
          }),
      });
    });
  });
}

function serve(): void {
  const ok = fixture('../fixtures/openai/chat-completion.json');
  const overloaded = fixture('../fixtures/openai/errors/503-overloaded.json');
  const headers = (body: Buffer) => ({
    'content-type': 'application/json',
    'content-length': String(body.length),
    'x-request-id': 'req_bench',
  });
  const okHeaders = headers(ok);
  const overloadedHeaders = headers(overloaded);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Read the request body as a real server would before answering.
    req.on('data', () => {});
    req.on('end', () => {
      const url = req.url ?? '';
      if (url.startsWith('/bad/')) {
        res.writeHead(503, overloadedHeaders).end(overloaded);
      } else if (url === '/v1/chat/completions' && req.method === 'POST') {
        res.writeHead(200, okHeaders).end(ok);
      } else {
        res.writeHead(404).end();
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (typeof address === 'object' && address) process.send?.({ port: address.port });
  });
  // Ends with its parent, whatever way the parent ends.
  process.on('disconnect', () => process.exit(0));
}

if (process.argv.includes('--serve')) serve();
