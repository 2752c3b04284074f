/**
 * `brownout gateway` against a bare undici passthrough proxy to the same upstream
 * (`npm run bench:gateway`).
 *
 * Processes: a fault server (only to capture one healthy JSON answer and one healthy SSE stream),
 * a bare node:http upstream replaying those bytes (bench/server-proc.ts), the passthrough proxy
 * and the gateway (bench/gateway-proc.ts), and the load generator of each run (wrk when installed,
 * else the undici one). Each round loads each proxy in turn, the order rotated every round, so
 * machine load hits both alike; a figure is the median over rounds of what each round measured
 * side by side. Writes reports/bench/gateway-bench.json and prints PASS/FAIL per target:
 * gateway rps >= 0.8 of the passthrough's, JSON and SSE, at 8 and 32 in flight; added p99 <= 1 ms
 * at 8 in flight (the moderate load of `npm run bench`). Each run also reads each proxy process's
 * CPU time (/proc) and reports CPU per request, passthrough over gateway: on a loaded, shared
 * machine this moves far less than requests/s, which the scheduler decides as much as the code.
 *
 *   npm run bench:gateway -- [--rounds 5] [--ms 3000] [--loadgen wrk|undici] [--portkey]
 *
 * `--compare-dist <dir>` adds the gateway of another build (its dist/ folder, e.g. a copy made
 * before a change) as a side, to measure a change before and after in the same conditions.
 * `--portkey` adds Portkey's gateway (examples/gateways/portkey, installed by its install.sh) as a
 * third side, configured with one OpenAI target at the same upstream.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chatBody as bodyOf, captureAnswer } from './capture.ts';
import { type ProxyProcess, startGateway, startPassthrough } from './gateway-proc.ts';
import { median, round } from './load.ts';
import { type PeerSide, startPortkey } from './portkey-proc.ts';
import { cpuMs } from './server-cpu.ts';
import { type LoadResult, runLoadProcess } from './server-loadgen.ts';
import { type ServerProcess, startServerProcess } from './server-proc.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    ms: { type: 'string', default: '3000' },
    loadgen: { type: 'string' },
    portkey: { type: 'boolean', default: false },
    'compare-dist': { type: 'string' },
    only: { type: 'string' },
  },
});
const ROUNDS = Math.min(20, Math.max(1, Number(args.rounds)));
const MS = Math.min(30_000, Math.max(1000, Number(args.ms)));
const hasWrk = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version.
    return (error as { status?: number }).status === 1;
  }
})();
const WRK = (args.loadgen ?? (hasWrk ? 'wrk' : 'undici')) === 'wrk';
if (WRK && !hasWrk) throw new Error('--loadgen wrk: wrk is not installed');
const HARD_LIMIT_MS = 20 * 60_000;
const OUT_DIR = new URL('../reports/bench/', import.meta.url);
const TARGETS = { ratio: 0.8, addedP99Ms: 1, moderate: 8 };

interface Side {
  name: string;
  origin: string;
  /** The proxy's process, whose CPU time each run reads (Linux /proc). */
  pid?: number;
  headers?: Record<string, string>;
}

type Run = LoadResult & { cpuUsPerRequest?: number };

interface CaseResult {
  name: string;
  stream: boolean;
  concurrency: number;
  ratio: number;
  ratioPass: boolean;
  addedP99Ms: number;
  addedP99Pass?: boolean;
  ratios: number[];
  /**
   * Passthrough CPU per request over each side's, median over rounds (1 = as cheap as the
   * passthrough): the throughput ratio a CPU-bound proxy would reach, with less noise from load.
   */
  cpuRatios: Record<string, number>;
  /** Each other side's rps over the passthrough's, median over rounds (portkey, another build). */
  otherRatios: Record<string, number>;
  runs: Record<string, Run[]>;
}

async function runCase(sides: Side[], stream: boolean, concurrency: number): Promise<CaseResult> {
  const runs: Record<string, Run[]> = Object.fromEntries(sides.map((s) => [s.name, []]));
  const cpuRatios: Record<string, number[]> = Object.fromEntries(sides.map((s) => [s.name, []]));
  const ratios: number[] = [];
  const addedP99: number[] = [];
  const others = sides.filter((s) => s.name !== 'passthrough' && s.name !== 'gateway').map((s) => s.name);
  const otherRatios: Record<string, number[]> = Object.fromEntries(others.map((n) => [n, []]));
  const name = `${stream ? 'SSE stream' : 'JSON'}, ${concurrency} in flight`;
  for (let r = 0; r < ROUNDS; r++) {
    const order = sides.map((_, i) => sides[(i + r) % sides.length] as Side);
    const got: Record<string, Run> = {};
    for (const side of order) {
      const cpuBefore = cpuMs(side.pid);
      const result: Run = await runLoadProcess({
        url: `${side.origin}/v1/chat/completions`,
        body: bodyOf(stream),
        concurrency,
        ms: MS,
        wrk: WRK,
        ...(side.headers ? { headers: side.headers } : {}),
      });
      const cpuAfter = cpuMs(side.pid);
      if (cpuBefore !== undefined && cpuAfter !== undefined && result.count > 0)
        result.cpuUsPerRequest = round(((cpuAfter - cpuBefore) * 1000) / result.count, 1);
      got[side.name] = result;
      runs[side.name]?.push(result);
    }
    const passCpu = got.passthrough?.cpuUsPerRequest;
    for (const side of sides) {
      const cpu = got[side.name]?.cpuUsPerRequest;
      if (passCpu !== undefined && cpu) cpuRatios[side.name]?.push(passCpu / cpu);
    }
    const pass = got.passthrough as LoadResult;
    const gw = got.gateway as LoadResult;
    ratios.push(gw.rps / Math.max(1, pass.rps));
    addedP99.push(gw.p99Ms - pass.p99Ms);
    for (const other of others) otherRatios[other]?.push((got[other]?.rps ?? 0) / Math.max(1, pass.rps));
    console.error(
      `  ${name} round ${r + 1}/${ROUNDS}: ${sides.map((s) => `${s.name} ${got[s.name]?.rps} rps p99 ${got[s.name]?.p99Ms} ms`).join(', ')}; ratio ${round(ratios.at(-1) ?? 0, 2)} (load ${round(loadavg()[0] ?? 0, 1)})`,
    );
  }
  const ratio = round(median(ratios), 3);
  const added = round(median(addedP99), 3);
  return {
    name,
    stream,
    concurrency,
    ratio,
    ratioPass: ratio >= TARGETS.ratio,
    addedP99Ms: added,
    ...(concurrency === TARGETS.moderate ? { addedP99Pass: added <= TARGETS.addedP99Ms } : {}),
    ratios: ratios.map((x) => round(x, 3)),
    cpuRatios: Object.fromEntries(
      Object.entries(cpuRatios)
        .filter(([, xs]) => xs.length > 0)
        .map(([n, xs]) => [n, round(median(xs), 3)]),
    ),
    otherRatios: Object.fromEntries(others.map((n) => [n, round(median(otherRatios[n] ?? []), 3)])),
    runs,
  };
}

const hardLimit = setTimeout(() => {
  console.error(`bench:gateway: cut off after ${HARD_LIMIT_MS} ms`);
  process.exit(2);
}, HARD_LIMIT_MS);
hardLimit.unref();

const loadBefore = loadavg();
const servers: Array<ServerProcess | ProxyProcess | PeerSide> = [];
const results: CaseResult[] = [];
try {
  const fault = await startServerProcess(['fault', '[]']);
  servers.push(fault);
  const upstream = await startServerProcess(['bare']);
  servers.push(upstream);
  const answers = {
    json: await captureAnswer(fault.origin, false),
    sse: await captureAnswer(fault.origin, true),
  };
  // Primed before any proxy starts: a readiness check wants a 200.
  await upstream.replay(answers.json);
  const passthrough = await startPassthrough(upstream.origin);
  servers.push(passthrough);
  const gateway = await startGateway(upstream.origin);
  servers.push(gateway);
  const sides: Side[] = [
    { name: 'passthrough', origin: passthrough.origin, pid: passthrough.pid },
    { name: 'gateway', origin: gateway.origin, pid: gateway.pid },
  ];
  if (args['compare-dist']) {
    const other = await startGateway(upstream.origin, { dist: args['compare-dist'] });
    servers.push(other);
    sides.push({ name: 'gateway-other-build', origin: other.origin, pid: other.pid });
  }
  if (args.portkey) {
    const portkey = await startPortkey(upstream.origin);
    servers.push(portkey);
    sides.push({ name: 'portkey', origin: portkey.origin, headers: portkey.headers });
  }
  for (const stream of [false, true]) {
    await upstream.replay(stream ? answers.sse : answers.json);
    for (const concurrency of [32, 8]) {
      if (args.only && !`${stream ? 'sse' : 'json'}${concurrency}`.includes(args.only)) continue;
      console.error(`${stream ? 'SSE' : 'JSON'} at ${concurrency} in flight: ${ROUNDS} rounds of ${MS} ms`);
      results.push(await runCase(sides, stream, concurrency));
    }
  }
} finally {
  await Promise.all(servers.map((s) => s.close()));
}

let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
} catch {}
const report = {
  benchmark: 'brownout gateway vs bare undici Pool.request() passthrough proxy, same upstream',
  command: 'npm run bench:gateway',
  date: new Date().toISOString(),
  commit,
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  loadAvgBefore: loadBefore.map((x) => round(x, 2)),
  loadAvgAfter: loadavg().map((x) => round(x, 2)),
  loadGenerator: WRK ? 'wrk -t1' : 'undici Pool',
  rounds: ROUNDS,
  msPerRun: MS,
  targets: TARGETS,
  upstream: 'bare node:http replaying a healthy answer captured from the fault server',
  results,
  allPass: results.every((r) => r.ratioPass && r.addedP99Pass !== false),
};
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(new URL('gateway-bench.json', OUT_DIR), `${JSON.stringify(report, null, 2)}\n`);

const med = (xs: LoadResult[] | undefined, key: 'rps' | 'p99Ms') =>
  xs ? round(median(xs.map((x) => x[key])), 2) : '';
const others = Object.keys(results[0]?.otherRatios ?? {});
console.log(
  `\nbrownout gateway vs passthrough proxy (${report.loadGenerator}, ${ROUNDS} rounds of ${MS} ms; load avg ${report.loadAvgBefore[0]} before, ${report.loadAvgAfter[0]} after, ${report.machine.cpus} cores)`,
);
console.log(
  `| case | passthrough rps | gateway rps |${others.map((o) => ` ${o} rps |`).join('')} passthrough p99 ms | gateway p99 ms | gateway / passthrough (>= ${TARGETS.ratio}) |${others.map((o) => ` ${o} / passthrough |`).join('')} added p99 ms (<= ${TARGETS.addedP99Ms} at ${TARGETS.moderate}) |`,
);
console.log(
  `|---|---|---|${others.map(() => '---|').join('')}---|---|---|${others.map(() => '---|').join('')}---|`,
);
for (const r of results) {
  const p99 =
    r.addedP99Pass === undefined ? `${r.addedP99Ms}` : `${r.addedP99Ms} ${r.addedP99Pass ? 'PASS' : 'FAIL'}`;
  console.log(
    `| ${r.name} | ${med(r.runs.passthrough, 'rps')} | ${med(r.runs.gateway, 'rps')} |${others.map((o) => ` ${med(r.runs[o], 'rps')} |`).join('')} ${med(r.runs.passthrough, 'p99Ms')} | ${med(r.runs.gateway, 'p99Ms')} | ${r.ratio} ${r.ratioPass ? 'PASS' : 'FAIL'} |${others.map((o) => ` ${r.otherRatios[o]} |`).join('')} ${p99} |`,
  );
}
const cpuSides = Object.keys(results[0]?.cpuRatios ?? {});
if (cpuSides.length > 0) {
  const cpuMed = (xs: Run[] | undefined) =>
    round(median((xs ?? []).flatMap((x) => (x.cpuUsPerRequest === undefined ? [] : [x.cpuUsPerRequest]))), 1);
  console.log('\nCPU per request of each proxy process (µs, median over rounds; ratio = passthrough / side)');
  console.log(`| case |${cpuSides.map((n) => ` ${n} µs | ${n} ratio |`).join('')}`);
  console.log(`|---|${cpuSides.map(() => '---|---|').join('')}`);
  for (const r of results)
    console.log(
      `| ${r.name} |${cpuSides.map((n) => ` ${cpuMed(r.runs[n])} | ${r.cpuRatios[n] ?? ''} |`).join('')}`,
    );
}
console.log('\nwritten to reports/bench/gateway-bench.json');
