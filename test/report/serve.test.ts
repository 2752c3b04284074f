import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findLatestReport, serveReport } from '../../src/report/serve.ts';

/** A raw GET, so that paths like /../x reach the server unnormalized. */
function get(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const req = request({ host: hostname, port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

describe('report server', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brownout-serve-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the newest report in a directory or one level below', async () => {
    expect(await findLatestReport(dir)).toBeUndefined();
    expect(await findLatestReport(join(dir, 'missing'))).toBeUndefined();
    for (const [name, seconds] of [
      ['old', 1000],
      ['new', 2000],
    ] as const) {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, 'resilience-report.html'), name);
      await utimes(join(dir, name, 'resilience-report.html'), seconds, seconds);
    }
    expect(await findLatestReport(dir)).toBe(join(dir, 'new'));
    await writeFile(join(dir, 'resilience-report.html'), 'top');
    expect(await findLatestReport(dir)).toBe(dir);
  });

  it('serves the report on 127.0.0.1 and nothing outside its directory', async () => {
    await mkdir(join(dir, 'r'));
    await writeFile(join(dir, 'r', 'resilience-report.html'), '<!doctype html><title>r</title>');
    await writeFile(join(dir, 'r', 'resilience-report.json'), '{}');
    await writeFile(join(dir, 'secret.txt'), 'TOPSECRET');
    const served = await serveReport(join(dir, 'r'));
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/resilience-report\.html$/);
      const page = await get(served.url, '/');
      expect(page).toMatchObject({
        status: 200,
        type: 'text/html; charset=utf-8',
        body: '<!doctype html><title>r</title>',
      });
      expect((await get(served.url, '/resilience-report.json')).type).toBe('application/json; charset=utf-8');
      expect((await get(served.url, '/missing.html')).status).toBe(404);
      for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
        const res = await get(served.url, path);
        expect(res.status, path).toBeGreaterThanOrEqual(400);
        expect(res.body, path).not.toContain('TOPSECRET');
      }
    } finally {
      await served.close();
    }
  });

  it('serves no symlink that points outside its folder, only regular files inside it', async () => {
    await mkdir(join(dir, 'r'));
    await writeFile(join(dir, 'r', 'resilience-report.html'), 'report');
    await writeFile(join(dir, 'secret.txt'), 'TOPSECRET');
    await symlink(join(dir, 'secret.txt'), join(dir, 'r', 'leak.txt'));
    await symlink('/etc/passwd', join(dir, 'r', 'passwd'));
    await symlink(join(dir, 'r', 'resilience-report.html'), join(dir, 'r', 'inside.html'));
    const served = await serveReport(join(dir, 'r'));
    try {
      for (const path of ['/leak.txt', '/passwd']) {
        const res = await get(served.url, path);
        expect(res.status, path).toBe(403);
        expect(res.body, path).not.toContain('TOPSECRET');
        expect(res.body, path).not.toContain('root:');
      }
      expect(await get(served.url, '/inside.html')).toMatchObject({ status: 200, body: 'report' });
    } finally {
      await served.close();
    }
  });

  it('answers only loopback Host names (no DNS rebinding)', async () => {
    await writeFile(join(dir, 'resilience-report.html'), 'report');
    const served = await serveReport(dir);
    try {
      const { port } = new URL(served.url);
      for (const host of ['evil.example', `evil.example:${port}`, `attacker.test:${port}`]) {
        const res = await get(served.url, '/', { host });
        expect(res.status, host).toBe(403);
        expect(res.body, host).not.toBe('report');
      }
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', `[::1]:${port}`])
        expect((await get(served.url, '/', { host })).status, host).toBe(200);
    } finally {
      await served.close();
    }
  });
});
