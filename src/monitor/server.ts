import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Monitor } from './monitor.ts';
import { renderStatusPage, STATUS_PAGE_CSP } from './status-page.ts';

/**
 * The monitor's HTTP face: `/metrics` (Prometheus text), `/` (the status page), `/status.json`
 * and `/healthz`. Read-only; binds loopback unless configured otherwise.
 */
export async function serveMonitor(
  monitor: Monitor,
  port: number,
  host: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://monitor').pathname;
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(405, 'text/plain', 'method not allowed\n', { allow: 'GET, HEAD' });
    if (path === '/metrics') {
      monitor.metrics.text().then(
        (text) => send(200, monitor.metrics.contentType, text),
        (error: Error) => send(500, 'text/plain', `${error.message}\n`),
      );
      return;
    }
    if (path === '/' || path === '/status') {
      return send(200, 'text/html; charset=utf-8', renderStatusPage(monitor.statusView()), {
        'content-security-policy': STATUS_PAGE_CSP,
        'x-content-type-options': 'nosniff',
      });
    }
    if (path === '/status.json') return send(200, 'application/json', JSON.stringify(monitor.statusView()));
    if (path === '/healthz') return send(200, 'text/plain', 'ok\n');
    return send(404, 'text/plain', 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, family, port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${family === 'IPv6' ? `[${address}]` : address}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
