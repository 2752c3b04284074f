/**
 * The readiness request of `brownout load --target-cmd` carries the target's headers, placeholders
 * filled: a gateway that routes by header (Portkey) is not ready without them, and a gateway that
 * wants its own `Authorization` (LiteLLM's master key) must get exactly that one.
 */
import { describe, expect, it } from 'vitest';
import { startCommandTarget } from '../../src/load/target-command.ts';
import { loadTargetHeaders } from '../../src/load/target-headers.ts';
import { groupAlive, isGatewayProcessError } from '../../src/systems/gateway-process.ts';

/** A gateway stand-in: 200 only with `x-route: <upstream>/openai/v1` and one `Authorization: Bearer master`. */
const GATEWAY = `node -e '
const http = require("node:http");
http.createServer((req, res) => {
  const auth = req.rawHeaders.filter((_, i) => i % 2 === 0 && req.rawHeaders[i].toLowerCase() === "authorization");
  const ok = req.headers["x-route"] === process.env.BROWNOUT_OPENAI_BASE_URL && auth.length === 1 && req.headers.authorization === "Bearer master";
  req.resume();
  req.on("end", () => {
    res.writeHead(ok ? 200 : 400, { "content-type": "application/json" });
    res.end(ok ? "{}" : JSON.stringify({ route: req.headers["x-route"] ?? null, auth: auth.length }));
  });
}).listen(Number(process.argv[1]), "127.0.0.1");
' {port}`;

const values = {
  upstream: 'http://127.0.0.1:9',
  openai_base_url: 'http://127.0.0.1:9/openai/v1',
  hf_base_url: 'http://127.0.0.1:9/hf/v1',
};

describe('brownout load --target-cmd readiness', () => {
  it('sends the target headers with {openai_base_url} filled, and its Authorization alone', async () => {
    const headers = loadTargetHeaders(
      {
        BROWNOUT_TARGET_HEADERS: JSON.stringify({
          'X-Route': '{openai_base_url}',
          Authorization: 'Bearer master',
        }),
      },
      values,
    );
    const target = await startCommandTarget({ command: GATEWAY, values, headers, readyTimeoutMs: 30_000 });
    try {
      expect(target.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      expect(target.kind).toBe('external');
    } finally {
      await target.close();
    }
    expect(groupAlive(target.pid)).toBe(false);
  }, 40_000);

  it('is not ready without them: the gateway is stopped and the error says it answered without success', async () => {
    let pid: number | undefined;
    const error = await startCommandTarget({
      command: GATEWAY,
      values,
      headers: {},
      readyTimeoutMs: 3_000,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isGatewayProcessError(error)).toBe(true);
    if (isGatewayProcessError(error)) pid = error.pid;
    expect(String(error)).toContain('it answered, but not with a success');
    expect(pid).toBeGreaterThan(1);
    expect(groupAlive(pid as number)).toBe(false);
  }, 40_000);
});
