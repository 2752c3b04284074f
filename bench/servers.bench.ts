/**
 * The fault server against a bare node:http server sending the same bytes (`npm run bench:servers`).
 *
 * Runs the built fault server (dist/; the script builds first).
 * Three processes per scenario: the fault server, the bare server (primed with an answer captured
 * from the fault server: same status, headers and body pieces) and the load generator, which loads
 * each server in turn, several rounds, alternating which goes first. The ratio of a round is fault
 * rps / bare rps measured back to back, so machine load hits both sides alike; the result is the
 * median over rounds. Writes reports/bench/servers-bench.json and prints PASS/FAIL per target.
 *
 *   npm run bench:servers -- [--rounds 5] [--ms 3000] [--concurrency 32] [--wrk]
 *
 * `--wrk` drives the load with wrk (when installed) instead of the undici load generator: wrk
 * spends far less CPU per request, so on 2 cores it leaves more to the servers.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chatBody as bodyOf, captureAnswer as capture, FAULT_SERVER_CHAT_PATH as PATH } from './capture.ts';
import { median, round } from './load.ts';
import { cpuMeter } from './server-cpu.ts';
import { NON_FIRING } from './server-faults.ts';
import { type LoadResult, runLoadProcess } from './server-loadgen.ts';
import { type ServerProcess, startServerProcess } from './server-proc.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    ms: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '32' },
    wrk: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const ROUNDS = Math.min(20, Math.max(1, Number(args.rounds)));
const MS = Math.min(30_000, Math.max(200, Number(args.ms)));
const CONCURRENCY = Math.min(256, Math.max(1, Number(args.concurrency)));
const OUT_DIR = new URL('../reports/bench/', import.meta.url);

interface Scenario {
  name: string;
  stream: boolean;
  faults: unknown[];
  target: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'healthy JSON', stream: false, faults: [], target: 0.8 },
  { name: 'healthy SSE stream', stream: true, faults: [], target: 0.8 },
  { name: 'JSON, 10 non-firing faults', stream: false, faults: NON_FIRING, target: 0.7 },
  { name: 'SSE, 10 non-firing faults', stream: true, faults: NON_FIRING, target: 0.7 },
];

interface ScenarioResult {
  name: string;
  target: number;
  ratio: number;
  pass: boolean;
  ratios: number[];
  /** Server CPU µs per request (wrk only), median over rounds: bare, fault server, bare/fault. */
  cpu?: { bareUs: number; faultUs: number; ratio: number };
  bare: LoadResult[];
  fault: LoadResult[];
  bytes: number;
  pieces: number;
}

async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const servers: ServerProcess[] = [];
  try {
    const fault = await startServerProcess(['fault', JSON.stringify(scenario.faults)]);
    servers.push(fault);
    const bare = await startServerProcess(['bare']);
    servers.push(bare);
    const replay = await capture(fault.origin, scenario.stream);
    await bare.replay(replay);
    const results = { bare: [] as LoadResult[], fault: [] as LoadResult[] };
    const ratios: number[] = [];
    const cpuUs = { bare: [] as number[], fault: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? (['bare', 'fault'] as const) : (['fault', 'bare'] as const);
      const got: Partial<Record<'bare' | 'fault', LoadResult>> = {};
      for (const side of order) {
        const server = side === 'bare' ? bare : fault;
        const meter = cpuMeter(server.child.pid);
        const result = await runLoadProcess({
          url: `${server.origin}${PATH}`,
          body: bodyOf(scenario.stream),
          concurrency: CONCURRENCY,
          ms: MS,
          wrk: args.wrk,
          beforeMeasure: meter.start,
        });
        got[side] = result;
        results[side].push(result);
        const us = args.wrk ? meter.perRequestUs(result.count) : undefined;
        if (us !== undefined) cpuUs[side].push(us);
      }
      ratios.push((got.fault?.rps ?? 0) / Math.max(1, got.bare?.rps ?? 0));
      console.error(
        `  ${scenario.name} round ${r + 1}/${ROUNDS}: bare ${got.bare?.rps} rps, fault server ${got.fault?.rps} rps, ratio ${round(ratios.at(-1) ?? 0, 2)} (load ${round(loadavg()[0] ?? 0, 1)})`,
      );
    }
    const ratio = round(median(ratios), 3);
    const cpu =
      cpuUs.bare.length > 0 && cpuUs.fault.length > 0
        ? {
            bareUs: round(median(cpuUs.bare), 1),
            faultUs: round(median(cpuUs.fault), 1),
            ratio: round(median(cpuUs.bare) / median(cpuUs.fault), 3),
          }
        : undefined;
    return {
      name: scenario.name,
      target: scenario.target,
      ratio,
      pass: ratio >= scenario.target,
      ratios: ratios.map((x) => round(x, 3)),
      ...(cpu ? { cpu } : {}),
      ...results,
      bytes: Buffer.byteLength(replay.pieces.join('')),
      pieces: replay.pieces.length,
    };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

const loadBefore = loadavg();
const results: ScenarioResult[] = [];
for (const scenario of SCENARIOS) {
  if (args.only && !scenario.name.includes(args.only)) continue;
  console.error(`${scenario.name}: ${ROUNDS} rounds of ${MS} ms, ${CONCURRENCY} in flight`);
  results.push(await runScenario(scenario));
}

let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
} catch {}
const report = {
  benchmark: 'fault server vs bare node:http server, same bytes',
  date: new Date().toISOString(),
  commit,
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  loadAvgBefore: loadBefore.map((x) => round(x, 2)),
  loadAvgAfter: loadavg().map((x) => round(x, 2)),
  loadGenerator: args.wrk ? 'wrk' : 'undici Pool',
  rounds: ROUNDS,
  msPerRun: MS,
  concurrency: CONCURRENCY,
  upstreamRecord: 'on',
  results,
};
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(new URL('servers-bench.json', OUT_DIR), `${JSON.stringify(report, null, 2)}\n`);

const med = (xs: LoadResult[], key: 'rps' | 'p99Ms') => round(median(xs.map((x) => x[key])), 2);
console.log(
  `\nfault server vs bare node:http (${report.loadGenerator}, ${CONCURRENCY} in flight, ${ROUNDS} rounds; load avg ${report.loadAvgAfter[0]} on ${report.machine.cpus} cores)`,
);
console.log(
  '| scenario | bare rps | fault server rps | bare p99 ms | fault p99 ms | ratio | target | | CPU µs/req bare / fault | CPU ratio |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const cpu = r.cpu ? `${r.cpu.bareUs} / ${r.cpu.faultUs} | ${r.cpu.ratio}` : '- | -';
  console.log(
    `| ${r.name} | ${med(r.bare, 'rps')} | ${med(r.fault, 'rps')} | ${med(r.bare, 'p99Ms')} | ${med(r.fault, 'p99Ms')} | ${r.ratio} | >= ${r.target} | ${r.pass ? 'PASS' : 'FAIL'} | ${cpu} |`,
  );
}
console.log(
  '(ratio: fault rps / bare rps, the target. CPU ratio: bare CPU per request / fault CPU per request, which machine load distorts less.)',
);
console.log(`\nwritten to reports/bench/servers-bench.json`);
