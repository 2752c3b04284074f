import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, resolve, sep } from 'node:path';
import { REPORT_FILES } from './write.ts';

/**
 * The directory holding the newest `resilience-report.html` at or below `dir` (one level of
 * sub-directories, as when runs write to reports/<name>/), or undefined when there is none.
 */
export async function findLatestReport(dir: string): Promise<string | undefined> {
  const root = resolve(dir);
  const candidates = [root];
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) candidates.push(join(root, entry.name));
  let best: { dir: string; mtime: number } | undefined;
  for (const candidate of candidates) {
    const info = await stat(join(candidate, REPORT_FILES.html)).catch(() => undefined);
    if (info?.isFile() && (!best || info.mtimeMs > best.mtime))
      best = { dir: candidate, mtime: info.mtimeMs };
  }
  return best?.dir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface ServedReport {
  /** The report page's URL. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves the files of one report directory, read-only, on `host` (default 127.0.0.1) and
 * `port` (default 0: a free one). `/` is the HTML report. Nothing outside `dir` is reachable.
 *
 * @example const { url, close } = await serveReport('reports'); console.log(url);
 */
export async function serveReport(
  dir: string,
  options: { host?: string; port?: number } = {},
): Promise<ServedReport> {
  const root = resolve(dir);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const send = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'only GET and HEAD');
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send(400, 'bad path');
    }
    if (path === '/') path = `/${REPORT_FILES.html}`;
    const file = resolve(root, `.${path}`);
    const inside = relative(root, file);
    if (inside.startsWith('..') || inside.includes(`..${sep}`) || path.includes('\0'))
      return send(403, 'outside the report directory');
    stat(file).then(
      (info) => {
        if (!info.isFile()) return send(404, 'not found');
        res.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-length': info.size,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        });
        if (req.method === 'HEAD') return res.end();
        createReadStream(file).pipe(res);
      },
      () => send(404, 'not found'),
    );
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => done());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/${REPORT_FILES.html}`,
    server,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
