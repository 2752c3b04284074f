import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startDaemon } from './support/cli.ts';

const TIMEOUT_MS = 45_000;
const REAL = { OPENAI_API_KEY: 'sk-proj-REALSECRET0123456789', HF_TOKEN: 'hf_REALSECRETTOKEN0123456789' };

/** An upstream that records every Authorization header it is sent, and refuses every request. */
function recordingUpstream(): { server: Server; seen: string[] } {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    if (req.headers.authorization) seen.push(req.headers.authorization);
    req.resume();
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: { message: 'no', type: 'invalid_request_error', param: null, code: null } }),
    );
  });
  return { server, seen };
}

describe('brownout gateway --upstream: which keys go upstream', { timeout: 60_000 }, () => {
  const upstream = recordingUpstream();
  let origin: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => upstream.server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => upstream.server.close(resolve));
  });

  async function keysSentWith(flags: string[]): Promise<{ seen: string[]; line: string }> {
    upstream.seen.length = 0;
    const daemon = await startDaemon(
      ['gateway', '--port', '0', '--upstream', origin, ...flags],
      /listening on (http:\/\/[^/\s]+)\/v1[^\n]*\n/,
      TIMEOUT_MS,
      REAL,
    );
    try {
      const response = await fetch(`${daemon.match[1]}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
      });
      await response.text();
      return { seen: [...upstream.seen], line: daemon.match[0] };
    } finally {
      await daemon.stop();
    }
  }

  it('sends placeholder keys by default, and says so on the startup line', async () => {
    const { seen, line } = await keysSentWith([]);
    expect(seen.length).toBeGreaterThan(0);
    for (const header of seen) {
      expect(header).not.toContain(REAL.OPENAI_API_KEY);
      expect(header).not.toContain(REAL.HF_TOKEN);
    }
    expect(seen).toContain('Bearer sk-brownout-placeholder-0000000000000000');
    expect(line).toContain('placeholder keys');
  });

  it('sends the real keys only with --forward-keys, and says so', async () => {
    const { seen, line } = await keysSentWith(['--forward-keys']);
    expect(seen).toContain(`Bearer ${REAL.OPENAI_API_KEY}`);
    expect(line).toContain('real keys from OPENAI_API_KEY, HF_TOKEN');
    expect(line).not.toContain(REAL.OPENAI_API_KEY);
  });

  it('refuses --forward-keys without --upstream (exit 2)', async () => {
    const result = await runCli(['gateway', '--port', '0', '--forward-keys'], TIMEOUT_MS, REAL);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--forward-keys only applies with --upstream');
  });
});
