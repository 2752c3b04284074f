/**
 * The load generator of the fault-server comparison, in a process of its own:
 * `node --import tsx bench/server-load.ts <url> <body-json> <concurrency> <limits-json> <warmup-json> [<headers-json>]`
 * POSTs the body with `concurrency` requests in flight over an undici Pool (keep-alive, one
 * connection per request in flight), reads every answer whole, checks it, and prints LoadStats.
 */
import { Pool } from 'undici';
import { type LoadOptions, runLoad } from './load.ts';

const [url, body, concurrency, limits, warmup, extraHeaders = '{}'] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string?,
];
const { origin, pathname } = new URL(url);
const inFlight = Number(concurrency);
const pool = new Pool(origin, {
  connections: inFlight,
  keepAliveTimeout: 30_000,
  headersTimeout: 0,
  bodyTimeout: 0,
});
const stream = (JSON.parse(body) as { stream?: unknown }).stream === true;
const headers = {
  'content-type': 'application/json',
  authorization: 'Bearer sk-bench',
  ...(JSON.parse(extraHeaders) as Record<string, string>),
};

async function once(): Promise<void> {
  const res = await pool.request({ path: pathname, method: 'POST', headers, body });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`expected 200, got ${res.statusCode}: ${text.slice(0, 200)}`);
  // A whole answer, or it does not count: a JSON body that parses, a stream that reached [DONE].
  if (stream ? !text.endsWith('data: [DONE]\n\n') : JSON.parse(text)?.object !== 'chat.completion')
    throw new Error(`incomplete answer: ${text.slice(0, 200)}`);
}

await runLoad(once, { concurrency: inFlight, ...(JSON.parse(warmup) as Omit<LoadOptions, 'concurrency'>) });
const stats = await runLoad(once, {
  concurrency: inFlight,
  ...(JSON.parse(limits) as Omit<LoadOptions, 'concurrency'>),
});
process.stdout.write(`${JSON.stringify(stats)}\n`);
await pool.close();
process.exit(0);
