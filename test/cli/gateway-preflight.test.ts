import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { preflightGateway } from '../../src/cli/gateway-preflight.ts';
import { serverEndpoints } from '../../src/faults/endpoints.ts';
import { startBrokenGateway } from '../systems/support/broken-gateway.ts';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('preflightGateway', () => {
  it("shows the gateway's own error body when it cannot serve a healthy request", async () => {
    const gateway = createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"x-portkey-config header is required"}}');
    }).listen(0, '127.0.0.1');
    await once(gateway, 'listening');
    try {
      const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
      const failure = await preflightGateway(url, { port: await freePort(), apiKey: 'sk-test', tries: 1 });
      expect(failure).toEqual({
        status: 400,
        body: '{"error":{"message":"x-portkey-config header is required"}}',
      });
    } finally {
      gateway.closeAllConnections();
      await new Promise((resolve) => gateway.close(resolve));
    }
  });

  it('passes a gateway that serves through the fault server', async () => {
    const port = await freePort();
    const gateway = await startBrokenGateway(serverEndpoints(`http://127.0.0.1:${port}`), 'none');
    try {
      expect(await preflightGateway(gateway.url, { port, apiKey: 'sk-test' })).toBeUndefined();
    } finally {
      await gateway.close();
    }
  });

  it('names a gateway that is not there', async () => {
    const failure = await preflightGateway(`http://127.0.0.1:${await freePort()}`, {
      port: await freePort(),
      apiKey: 'k',
      tries: 1,
    });
    expect(failure?.status).toBeUndefined();
    expect(failure?.body).toMatch(/fetch failed|ECONNREFUSED/);
  });
  it("sends the target's own Authorization instead of the placeholder key, never both", async () => {
    const seen: Array<string | undefined> = [];
    const gateway = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"bad key"}}');
    }).listen(0, '127.0.0.1');
    await once(gateway, 'listening');
    try {
      const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
      await preflightGateway(url, {
        port: await freePort(),
        apiKey: 'sk-placeholder',
        headers: { Authorization: 'Bearer sk-master' },
        tries: 1,
      });
      expect(seen).toEqual(['Bearer sk-master']);
    } finally {
      gateway.closeAllConnections();
      await new Promise((resolve) => gateway.close(resolve));
    }
  });
});
