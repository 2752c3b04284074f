import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
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

/** Host names that always mean this machine. */
function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** The host name of a `Host` header (`[::1]:8080` → `::1`), lower-cased. */
function hostNameOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  if (bracketed) return bracketed[1]?.toLowerCase();
  return header.replace(/:\d+$/, '').toLowerCase();
}

/** Whether `child` (a real path) lies inside `root` (a real path). */
function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * Serves the files of one report directory, read-only, on `host` (default 127.0.0.1) and
 * `port` (default 0: a free one). `/` is the HTML report. Nothing outside `dir` is reachable:
 * only regular files whose real path (symlinks resolved) lies inside it. Only requests whose
 * `Host` is a loopback name (or the host it was told to bind) are answered, so a web page
 * cannot reach it through DNS rebinding.
 *
 * @example const { url, close } = await serveReport('reports'); console.log(url);
 */
export async function serveReport(
  dir: string,
  options: { host?: string; port?: number } = {},
): Promise<ServedReport> {
  const root = await realpath(resolve(dir));
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const send = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
    };
    const asked = hostNameOf(req.headers.host);
    if (asked === undefined || !(isLoopbackName(asked) || asked === host.toLowerCase()))
      return send(403, 'this server answers loopback host names only');
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
    // Real paths: a symlink inside the folder that points outside it is not served.
    realpath(file)
      .then(async (real) => ({ real, info: await stat(real) }))
      .then(
        ({ real, info }) => {
          if (!isInside(root, real)) return send(403, 'outside the report directory');
          if (!info.isFile()) return send(404, 'not found');
          res.writeHead(200, {
            'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
            'content-length': info.size,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          });
          if (req.method === 'HEAD') return res.end();
          createReadStream(real).pipe(res);
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
