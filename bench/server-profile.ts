/**
 * CPU profile of the built fault server under load: one case, one server process run with
 * `--cpu-prof`, loaded with wrk (or the undici load generator), then summarised (self time).
 *
 *   npm run build && node --import tsx bench/server-profile.ts [json|sse|json-faults|sse-faults] [ms] [--undici]
 *
 * Profiles land in reports/bench/prof/; the summary leaves out the first second (start-up).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { captureAnswer, chatBody, FAULT_SERVER_CHAT_PATH } from './capture.ts';
import { NON_FIRING } from './server-faults.ts';
import { runLoadProcess } from './server-loadgen.ts';
import { startServerProcess } from './server-proc.ts';

const [which = 'json', msArg = '8000'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const wrk = !process.argv.includes('--undici');
const stream = which.startsWith('sse');
const faults = which.endsWith('-faults') ? NON_FIRING : [];
const ms = Math.min(60_000, Math.max(1000, Number(msArg)));
const dir = 'reports/bench/prof';

process.env.BENCH_SERVER_PROF = '1';
const before = new Set(safeList(dir));
const server = await startServerProcess(['fault', JSON.stringify(faults)]);
let rps = 0;
try {
  await captureAnswer(server.origin, stream);
  const result = await runLoadProcess({
    url: `${server.origin}${FAULT_SERVER_CHAT_PATH}`,
    body: chatBody(stream),
    concurrency: 32,
    ms,
    wrk,
  });
  rps = result.rps;
} finally {
  await server.close();
}
const made = safeList(dir).filter((f) => !before.has(f) && f.endsWith('.cpuprofile'));
console.log(`${which}: ${rps} rps under --cpu-prof; profile ${made.join(', ')}`);
for (const file of made) {
  console.log(
    execFileSync(
      process.execPath,
      ['--import', 'tsx', 'bench/prof-summary.ts', `${dir}/${file}`, '25', '1000'],
      {
        encoding: 'utf8',
      },
    ),
  );
}

function safeList(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
