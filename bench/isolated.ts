/**
 * One measurement in a process of its own: `node --import tsx bench/isolated.ts <op> <origin>
 * <concurrency> <limits-json>` warms up, measures, and prints the LoadStats as JSON.
 *
 * Why: the baseline and the router share undici. Measured in one process, whichever runs first
 * shapes V8's feedback for undici's code, and the other pays for it (a burst of raw requests at
 * 32 in flight made the router 6–8 µs per request slower for the rest of the process). Each side
 * in its own process measures each as an application would run it.
 */
import { Pool } from 'undici';
import type { ChatRequest } from '../src/router/index.ts';
import { type LoadOptions, runLoad } from './load.ts';

const { createRouter, openai } = (await import(
  new URL('../dist/router/index.js', import.meta.url).href
)) as typeof import('../src/router/index.ts');

export const ISOLATED_OPS = ['raw', 'router'] as const;
export type IsolatedOp = (typeof ISOLATED_OPS)[number];

const MODEL = 'gpt-4o-mini';
const API_KEY = 'sk-bench';
const REQUEST: ChatRequest = { messages: [{ role: 'user', content: 'Say hello.' }] };
const HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json',
  authorization: `Bearer ${API_KEY}`,
};

function build(op: IsolatedOp, origin: string): () => Promise<unknown> {
  if (op === 'raw') {
    const pool = new Pool(origin, {
      connections: 128,
      keepAliveTimeout: 30_000,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    return async () => {
      const res = await pool.request({
        path: '/v1/chat/completions',
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ ...REQUEST, model: MODEL, stream: false }),
      });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`raw: expected 200, got ${res.statusCode}`);
      return JSON.parse(text);
    };
  }
  const router = createRouter({
    providers: [openai({ baseURL: `${origin}/v1`, apiKey: API_KEY, model: MODEL })],
  });
  return async () => {
    const { route } = await router.chat(REQUEST);
    if (route.provider !== 'openai' || route.attempts.length !== 1)
      throw new Error(`unexpected route: ${JSON.stringify(route)}`);
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() as string)) {
  const [op, origin, concurrency, limits, warmup] = process.argv.slice(2) as [
    IsolatedOp,
    string,
    string,
    string,
    string,
  ];
  if (!ISOLATED_OPS.includes(op)) throw new Error(`isolated: unknown op ${op}`);
  const run = build(op, origin);
  await runLoad(run, {
    concurrency: Number(concurrency),
    ...(JSON.parse(warmup) as Omit<LoadOptions, 'concurrency'>),
  });
  const stats = await runLoad(run, {
    concurrency: Number(concurrency),
    ...(JSON.parse(limits) as Omit<LoadOptions, 'concurrency'>),
  });
  process.stdout.write(`${JSON.stringify(stats)}\n`);
  process.exit(0);
}
