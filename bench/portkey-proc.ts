/**
 * Portkey's open-source gateway (examples/gateways/portkey, installed by its install.sh) as a side
 * of the gateway comparison: one OpenAI target at the bench upstream, no retries, config in the
 * `x-portkey-config` header of every request, as Portkey takes it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface PeerSide {
  origin: string;
  pid: number;
  /** What every request must carry. */
  headers: Record<string, string>;
  close(): Promise<void>;
}

const START = fileURLToPath(
  new URL(
    '../examples/gateways/portkey/node_modules/@portkey-ai/gateway/build/start-server.js',
    import.meta.url,
  ),
);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function answers(origin: string, headers: Record<string, string>): Promise<boolean> {
  try {
    const res = await fetch(`${origin}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      signal: AbortSignal.timeout(2_000),
    });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

export async function startPortkey(upstream: string, timeoutMs = 30_000): Promise<PeerSide> {
  if (!existsSync(START)) {
    throw new Error('--portkey: run examples/gateways/portkey/install.sh first (Portkey is not installed)');
  }
  const port = await freePort();
  const child = spawn(process.execPath, [START, `--port=${port}`, '--headless'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  const headers = {
    'x-portkey-config': JSON.stringify({
      strategy: { mode: 'fallback' },
      targets: [{ provider: 'openai', api_key: 'sk-bench', custom_host: `${upstream}/openai/v1` }],
    }),
  };
  const close = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(origin, headers))) {
    if (child.exitCode !== null) throw new Error(`portkey exited early with code ${child.exitCode}`);
    if (Date.now() > deadline) {
      await close();
      throw new Error(`portkey did not answer within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { origin, pid: child.pid as number, headers, close };
}
