/**
 * The router's own CPU cost per request, with no network: `router.chat()` over a transport
 * that answers from memory. For profiling and before/after comparisons of hot-path changes:
 *   node --import tsx bench/overhead.ts [healthy|failover|breaker-open] [ms]
 */
import { readFileSync } from 'node:fs';
import {
  type ChatRequest,
  createRouter,
  openai,
  openaiCompatible,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from '../src/router/index.ts';

const [which = 'healthy', msArg = '3000'] = process.argv.slice(2);
const maxMs = Math.min(Number(msArg), 30_000);
const okText = JSON.stringify(
  JSON.parse(readFileSync(new URL('../fixtures/openai/chat-completion.json', import.meta.url), 'utf8')),
);
const errText = JSON.stringify(
  JSON.parse(readFileSync(new URL('../fixtures/openai/errors/503-overloaded.json', import.meta.url), 'utf8')),
);

const memoryTransport: Transport = {
  name: 'memory',
  fetch: globalThis.fetch,
  async request(request: TransportRequest): Promise<TransportResponse> {
    const bad = request.url.includes('/bad/');
    const text = bad ? errText : okText;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-request-id': 'req_bench',
    };
    return {
      status: bad ? 503 : 200,
      header: (name) => headers[name],
      headerEntries: () => Object.entries(headers),
      body: (async function* () {})(),
      text: async () => text,
      discard: async () => {},
    };
  },
  async close() {},
};

const REQUEST: ChatRequest = { messages: [{ role: 'user', content: 'Say hello.' }] };
const MODEL = 'gpt-4o-mini';
const base = 'http://127.0.0.1:1';
const fallback = openaiCompatible({
  name: 'fallback',
  baseURL: `${base}/v1`,
  apiKey: 'sk-bench',
  model: MODEL,
});
const primary = openai({ name: 'primary', baseURL: `${base}/bad/v1`, apiKey: 'sk-bench', model: MODEL });
const router =
  which === 'failover'
    ? createRouter({ providers: [primary, fallback], breaker: false, transport: memoryTransport })
    : which === 'breaker-open'
      ? createRouter({
          providers: [primary, fallback],
          breaker: { consecutiveFailures: 1, openMs: 1e9 },
          transport: memoryTransport,
        })
      : createRouter({
          providers: [openai({ baseURL: `${base}/v1`, apiKey: 'sk-bench', model: MODEL })],
          transport: memoryTransport,
        });

const provider = openai({ baseURL: `${base}/v1`, apiKey: 'sk-bench', model: MODEL });
const ops: Record<string, () => Promise<unknown>> = {
  /** What any client does: serialize the request, parse the answer. */
  'json only': async () => {
    JSON.stringify({ ...REQUEST, model: MODEL, stream: false });
    return JSON.parse(okText);
  },
  'provider.complete()': () =>
    provider.complete(REQUEST, { signal: new AbortController().signal, transport: memoryTransport }),
  [`router.chat() (${which})`]: () => router.chat(REQUEST),
};

/** CPU µs per op, 8 loops at once, for `ms`. */
async function cpuPerOp(op: () => Promise<unknown>, ms: number): Promise<number> {
  const until = performance.now() + ms;
  const cpu0 = process.cpuUsage();
  const loop = async () => {
    let n = 0;
    while (performance.now() < until) {
      for (let i = 0; i < 100; i++) await op();
      n += 100;
    }
    return n;
  };
  const n = (await Promise.all(Array.from({ length: 8 }, loop))).reduce((a, b) => a + b, 0);
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / n;
}

const results: Record<string, number[]> = {};
for (const op of Object.values(ops)) await cpuPerOp(op, 300); // warm-up
for (let round = 0; round < 5; round++) {
  for (const [name, op] of Object.entries(ops)) {
    results[name] ??= [];
    results[name].push(await cpuPerOp(op, maxMs / 15));
  }
}
for (const [name, values] of Object.entries(results)) {
  const sorted = values.sort((a, b) => a - b);
  console.log(`${name.padEnd(32)} ${(sorted[2] as number).toFixed(2)} µs CPU per request (median of 5)`);
}
await router.close();
