/**
 * A profiling harness: drives one op for a fixed time so `node --cpu-prof` sees only it.
 *   node --cpu-prof --cpu-prof-dir=reports/bench/prof --import tsx bench/profile.ts router 8 5000
 * ops: raw | router | failover | breaker-open
 */
import { Pool } from 'undici';
import { type ChatRequest, createRouter, openai, openaiCompatible } from '../src/router/index.ts';
import { runLoad } from './load.ts';
import { startUpstream } from './upstream.ts';

const [which = 'router', concurrencyArg = '8', msArg = '5000'] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const maxMs = Math.min(Number(msArg), 30_000);
const REQUEST: ChatRequest = { messages: [{ role: 'user', content: 'Say hello.' }] };
const MODEL = 'gpt-4o-mini';

const upstream = await startUpstream();
const { origin } = upstream;
const pool = new Pool(origin, { connections: 128 });
const fallback = openaiCompatible({
  name: 'fallback',
  baseURL: `${origin}/v1`,
  apiKey: 'sk-bench',
  model: MODEL,
});
const primary = openai({ name: 'primary', baseURL: `${origin}/bad/v1`, apiKey: 'sk-bench', model: MODEL });
const router =
  which === 'failover'
    ? createRouter({ providers: [primary, fallback], breaker: false })
    : which === 'breaker-open'
      ? createRouter({ providers: [primary, fallback], breaker: { consecutiveFailures: 1, openMs: 1e9 } })
      : createRouter({ providers: [openai({ baseURL: `${origin}/v1`, apiKey: 'sk-bench', model: MODEL })] });
const op =
  which === 'raw'
    ? async () => {
        const res = await pool.request({
          path: '/v1/chat/completions',
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
          body: JSON.stringify({ ...REQUEST, model: MODEL, stream: false }),
        });
        return JSON.parse(await res.body.text());
      }
    : () => router.chat(REQUEST);
const stats = await runLoad(op, { concurrency, maxRequests: 2_000_000, maxMs });
console.log(which, JSON.stringify(stats));
await Promise.all([pool.close(), router.close(), upstream.close()]);
