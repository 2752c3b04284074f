/**
 * `npm run bench`: the reference router's overhead against raw undici `request()`, on loopback.
 *
 * One run measures, against a fake upstream in its own process (bench/upstream.ts):
 * - throughput and latency at 32 and at 8 requests in flight: raw undici Pool `request()` +
 *   `JSON.parse` (baseline) versus `router.chat()` on the undici transport;
 * - failover: primary answers 503 at once, fallback answers; versus a raw 503 round trip plus
 *   a raw healthy request;
 * - breaker open: the primary is skipped; versus a raw request to the fallback.
 * Each comparison is repeated in alternating order and the median of the rounds is reported,
 * so drift on a shared machine does not favour one side. The throughput comparison runs each
 * side in a process of its own (bench/isolated.ts says why). Figures go to
 * reports/bench/router-bench.json. A benchmark, not a test: it exits 0 when a target is
 * missed (pass `--strict` to exit 1 instead) and 2 when requests fail.
 *
 *   npm run bench -- [--rounds 7] [--quick] [--strict]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import type { ChatRequest, Router } from '../src/router/index.ts';
import { type LoadStats, median, round, runLoad } from './load.ts';
import { startUpstream } from './upstream.ts';

/**
 * The router under test is the built package (dist/, what users run): `npm run bench` builds it
 * first. Running src/ through tsx would measure tsx's transform too (it wraps every closure in a
 * naming helper), which costs the router microseconds per request that users never pay.
 */
const { createRouter, openai, openaiCompatible } = (await import(
  new URL('../dist/router/index.js', import.meta.url).href
)) as typeof import('../src/router/index.ts');

const quick = process.argv.includes('--quick');
const strict = process.argv.includes('--strict');
/** `--rounds N` (1 to 15): more rounds steady the medians, which swing ±0.2 between 3-round runs here. */
const roundsAt = process.argv.indexOf('--rounds');
const roundsArg = roundsAt >= 0 ? Number(process.argv[roundsAt + 1]) : Number.NaN;
const ROUNDS = Number.isInteger(roundsArg) ? Math.min(15, Math.max(1, roundsArg)) : quick ? 1 : 3;
const OUT_DIR = new URL('../reports/bench/', import.meta.url);
const OUT_FILE = new URL('router-bench.json', OUT_DIR);

const CONFIG = {
  high: 32,
  moderate: 8,
  rounds: ROUNDS,
  warmup: { maxRequests: quick ? 2_000 : 5_000, maxMs: 2_000 },
  throughput: { maxRequests: quick ? 10_000 : 100_000, maxMs: quick ? 1_000 : 3_000 },
  latency: { maxRequests: quick ? 5_000 : 40_000, maxMs: quick ? 1_000 : 2_000 },
  /** The whole run is cut off after this long, whatever happens. */
  hardLimitMs: Math.max(6, 2 * ROUNDS) * 60_000,
};

const TARGETS = {
  throughputRatio: 0.8,
  addedP99MsModerate: 1,
  failoverAddedMs: 1,
  breakerOpenAddedMs: 0.1,
};

const MODEL = 'gpt-4o-mini';
const API_KEY = 'sk-bench';
const REQUEST: ChatRequest = { messages: [{ role: 'user', content: 'Say hello.' }] };
const RAW_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json',
  authorization: `Bearer ${API_KEY}`,
};

type Op = () => Promise<unknown>;

function rawOp(pool: Pool, path: string, status: number): Op {
  return async () => {
    const res = await pool.request({
      path,
      method: 'POST',
      headers: RAW_HEADERS,
      body: JSON.stringify({ ...REQUEST, model: MODEL, stream: false }),
    });
    const text = await res.body.text();
    if (res.statusCode !== status) throw new Error(`raw ${path}: expected ${status}, got ${res.statusCode}`);
    return JSON.parse(text);
  };
}

function routerOp(router: Router, provider: string, attempts: number, skipped: number): Op {
  return async () => {
    const { route } = await router.chat(REQUEST);
    if (
      route.provider !== provider ||
      route.attempts.length !== attempts ||
      route.skipped.length !== skipped
    ) {
      throw new Error(`unexpected route: ${JSON.stringify(route)}`);
    }
  };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

let failedRequests = 0;

async function measure(name: string, op: Op, concurrency: number, limits: typeof CONFIG.latency) {
  gc();
  const stats = await runLoad(op, { concurrency, ...limits });
  if (stats.errors > 0) {
    failedRequests += stats.errors;
    console.error(`${name}: ${stats.errors} failed requests; first: ${stats.firstError}`);
  }
  return stats;
}

/**
 * Runs each named op once per round, rotating the order every round (AB, BA, AB...; ABC, BCA...),
 * and returns every round's stats by name.
 */
async function rounds(
  ops: Record<string, Op>,
  concurrency: number,
  limits: typeof CONFIG.latency,
): Promise<Array<Record<string, LoadStats>>> {
  const names = Object.keys(ops);
  const out: Array<Record<string, LoadStats>> = [];
  for (let r = 0; r < CONFIG.rounds; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length] as string);
    const round: Record<string, LoadStats> = {};
    for (const name of order) round[name] = await measure(name, ops[name] as Op, concurrency, limits);
    out.push(round);
  }
  return out;
}

/** The median over rounds of each stat of each op. */
function medians(all: Array<Record<string, LoadStats>>): Record<string, Record<string, number>> {
  const names = Object.keys(all[0] ?? {});
  const fields = [
    'count',
    'durationMs',
    'rps',
    'cpuUsPerRequest',
    'meanMs',
    'p50Ms',
    'p90Ms',
    'p99Ms',
    'maxMs',
  ] as const;
  return Object.fromEntries(
    names.map((name) => [
      name,
      Object.fromEntries(fields.map((f) => [f, round(median(all.map((r) => (r[name] as LoadStats)[f])))])),
    ]),
  );
}

/** Measures one op in a process of its own (bench/isolated.ts explains why). */
function measureIsolated(
  op: 'raw' | 'router',
  origin: string,
  concurrency: number,
  limits: typeof CONFIG.throughput,
): LoadStats {
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./isolated.ts', import.meta.url)),
      op,
      origin,
      String(concurrency),
      JSON.stringify(limits),
      JSON.stringify(CONFIG.warmup),
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const stats = JSON.parse(out.trim().split('\n').pop() as string) as LoadStats;
  if (stats.errors > 0) {
    failedRequests += stats.errors;
    console.error(`${op}: ${stats.errors} failed requests; first: ${stats.firstError}`);
  }
  return stats;
}

/** Rounds of the throughput comparison, each side in its own process, the order rotated every round. */
function isolatedRounds(origin: string, concurrency: number): Array<Record<string, LoadStats>> {
  const out: Array<Record<string, LoadStats>> = [];
  for (let r = 0; r < CONFIG.rounds; r++) {
    const order: Array<['baseline' | 'router', 'raw' | 'router']> =
      r % 2 === 0
        ? [
            ['baseline', 'raw'],
            ['router', 'router'],
          ]
        : [
            ['router', 'router'],
            ['baseline', 'raw'],
          ];
    const round: Record<string, LoadStats> = {};
    for (const [name, op] of order) round[name] = measureIsolated(op, origin, concurrency, CONFIG.throughput);
    out.push(round);
  }
  return out;
}

/** The median over rounds of a figure computed within each round (both sides measured side by side). */
function perRound(all: Array<Record<string, LoadStats>>, figure: (r: Record<string, LoadStats>) => number) {
  return round(median(all.map(figure)));
}

function machine() {
  const cpus = os.cpus();
  const version = (path: string) =>
    (JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { version: string }).version;
  let commit: string | undefined;
  let routerDirty: boolean | undefined;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    routerDirty =
      execFileSync('git', ['status', '--porcelain', '--', 'src/router'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    // Not a git checkout: leave them out.
  }
  return {
    node: process.version,
    undici: version('../node_modules/undici/package.json'),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemMB: Math.round(os.totalmem() / 2 ** 20),
    loadAvgAtStart: os.loadavg().map((l) => round(l, 2)),
    commit,
    routerDirty,
  };
}

async function main(): Promise<void> {
  const hardLimit = setTimeout(() => {
    console.error(`bench: cut off after ${CONFIG.hardLimitMs} ms`);
    process.exit(2);
  }, CONFIG.hardLimitMs);
  hardLimit.unref();

  const info = machine();
  const began = performance.now();
  const upstream = await startUpstream();
  const { origin } = upstream;
  const poolOptions = { connections: 128, keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0 };
  const pool = new Pool(origin, poolOptions);
  const fallback = () =>
    openaiCompatible({ name: 'fallback', baseURL: `${origin}/v1`, apiKey: API_KEY, model: MODEL });
  const primaryDown = () =>
    openai({ name: 'primary', baseURL: `${origin}/bad/v1`, apiKey: API_KEY, model: MODEL });

  const healthy = createRouter({
    providers: [openai({ baseURL: `${origin}/v1`, apiKey: API_KEY, model: MODEL })],
  });
  const failover = createRouter({ providers: [primaryDown(), fallback()], breaker: false });
  const breakerOpen = createRouter({
    providers: [primaryDown(), fallback()],
    breaker: { consecutiveFailures: 1, openMs: 1e9 },
  });

  const ops = {
    raw: rawOp(pool, '/v1/chat/completions', 200),
    raw503: rawOp(pool, '/bad/v1/chat/completions', 503),
    rawPair: async () => {
      await ops.raw503();
      await ops.raw();
    },
    router: routerOp(healthy, 'openai', 1, 0),
    routerFailover: routerOp(failover, 'fallback', 2, 0),
    routerBreakerOpen: routerOp(breakerOpen, 'fallback', 1, 1),
  };

  console.log(`bench: upstream ${origin} (pid ${upstream.pid}); node ${info.node}, ${info.cpus} cpus`);
  /** Warms up a section's own ops just before it runs (throughput runs in child processes). */
  const warmUp = async (names: Array<keyof typeof ops>) => {
    for (const name of names) {
      for (const concurrency of [CONFIG.high, CONFIG.moderate])
        await measure(name, ops[name], concurrency, CONFIG.warmup);
    }
  };

  const throughput: Record<string, unknown> = {};
  /** The headline figures, by section and concurrency (medians over rounds; ms and ratios). */
  const summary: Record<string, Record<string, Record<string, number>>> = {
    throughput: {},
    failover: {},
    breakerOpen: {},
  };
  const targets: Array<{ name: string; target: string; value: number; pass: boolean }> = [];
  const table: string[][] = [];

  for (const [label, concurrency] of [
    ['high', CONFIG.high],
    ['moderate', CONFIG.moderate],
  ] as const) {
    console.log(`bench: throughput at ${concurrency} in flight`);
    const all = isolatedRounds(origin, concurrency);
    const ratio = perRound(all, (r) => r.router!.rps / r.baseline!.rps);
    const addedP50Ms = perRound(all, (r) => r.router!.p50Ms - r.baseline!.p50Ms);
    const addedP99Ms = perRound(all, (r) => r.router!.p99Ms - r.baseline!.p99Ms);
    // What the ratio would be were this process the only bottleneck: CPU per request, baseline/router.
    const cpuRatio = perRound(all, (r) => r.baseline!.cpuUsPerRequest / r.router!.cpuUsPerRequest);
    const addedCpuUsPerRequest = perRound(
      all,
      (r) => r.router!.cpuUsPerRequest - r.baseline!.cpuUsPerRequest,
    );
    throughput[label] = {
      concurrency,
      median: medians(all),
      ratio,
      addedP50Ms,
      addedP99Ms,
      cpuRatio,
      addedCpuUsPerRequest,
      rounds: all,
    };
    summary.throughput![`c${concurrency}`] = {
      ratio,
      cpuRatio,
      addedP50Ms,
      addedP99Ms,
      addedCpuUsPerRequest,
    };
    targets.push({
      name: `throughput ratio router/baseline at ${concurrency}`,
      target: `>= ${TARGETS.throughputRatio}`,
      value: ratio,
      pass: ratio >= TARGETS.throughputRatio,
    });
    if (label === 'moderate') {
      targets.push({
        name: `added p99 at ${concurrency} (moderate)`,
        target: `<= ${TARGETS.addedP99MsModerate} ms`,
        value: addedP99Ms,
        pass: addedP99Ms <= TARGETS.addedP99MsModerate,
      });
    }
    const m = medians(all);
    table.push([`c=${concurrency} baseline raw request()`, ...row(m.baseline!)]);
    table.push([
      `c=${concurrency} router.chat()`,
      ...row(m.router!),
      `ratio ${ratio} (cpu ${cpuRatio}), +p50 ${addedP50Ms}, +p99 ${addedP99Ms}`,
    ]);
  }

  console.log('bench: warming up (failover, breaker open)');
  // One failure opens the primary's breaker for the rest of the run.
  await routerOp(breakerOpen, 'fallback', 2, 0)();
  if (breakerOpen.breakers().primary !== 'open') throw new Error('the primary breaker did not open');
  await warmUp(['raw503', 'rawPair', 'routerFailover', 'routerBreakerOpen']);

  const failoverOut: Record<string, unknown> = {};
  const breakerOut: Record<string, unknown> = {};
  for (const concurrency of [CONFIG.moderate, 1]) {
    console.log(`bench: failover at ${concurrency} in flight`);
    const f = await rounds(
      { raw503: ops.raw503, raw: ops.raw, rawPair: ops.rawPair, router: ops.routerFailover },
      concurrency,
      CONFIG.latency,
    );
    const fm = medians(f);
    const addedP50Ms = perRound(f, (r) => r.router!.p50Ms - (r.raw503!.p50Ms + r.raw!.p50Ms));
    const addedP99Ms = perRound(f, (r) => r.router!.p99Ms - (r.raw503!.p99Ms + r.raw!.p99Ms));
    const vsPairP50Ms = perRound(f, (r) => r.router!.p50Ms - r.rawPair!.p50Ms);
    const vsPairP99Ms = perRound(f, (r) => r.router!.p99Ms - r.rawPair!.p99Ms);
    failoverOut[`c${concurrency}`] = {
      concurrency,
      median: fm,
      addedOverSumP50Ms: addedP50Ms,
      addedOverSumP99Ms: addedP99Ms,
      addedOverRawPairP50Ms: vsPairP50Ms,
      addedOverRawPairP99Ms: vsPairP99Ms,
      rounds: f,
    };
    summary.failover![`c${concurrency}`] = {
      addedOverSumP50Ms: addedP50Ms,
      addedOverSumP99Ms: addedP99Ms,
      addedOverRawPairP50Ms: vsPairP50Ms,
      addedOverRawPairP99Ms: vsPairP99Ms,
    };
    for (const [p, v] of [
      ['p50', addedP50Ms],
      ['p99', addedP99Ms],
    ] as const) {
      targets.push({
        name: `failover at ${concurrency}: ${p} beyond raw 503 + raw healthy`,
        target: `<= ${TARGETS.failoverAddedMs} ms`,
        value: v,
        pass: v <= TARGETS.failoverAddedMs,
      });
    }
    table.push([`c=${concurrency} raw 503`, ...row(fm.raw503!)]);
    table.push([`c=${concurrency} raw healthy`, ...row(fm.raw!)]);
    table.push([`c=${concurrency} raw 503 then healthy`, ...row(fm.rawPair!)]);
    table.push([
      `c=${concurrency} router failover`,
      ...row(fm.router!),
      `+p50 ${addedP50Ms}, +p99 ${addedP99Ms} over the sum`,
    ]);

    console.log(`bench: breaker open at ${concurrency} in flight`);
    const b = await rounds(
      { raw: ops.raw, router: ops.routerBreakerOpen, routerHealthy: ops.router },
      concurrency,
      CONFIG.latency,
    );
    const bm = medians(b);
    const bP50 = perRound(b, (r) => r.router!.p50Ms - r.raw!.p50Ms);
    const bP99 = perRound(b, (r) => r.router!.p99Ms - r.raw!.p99Ms);
    const skipP50 = perRound(b, (r) => r.router!.p50Ms - r.routerHealthy!.p50Ms);
    const skipP99 = perRound(b, (r) => r.router!.p99Ms - r.routerHealthy!.p99Ms);
    breakerOut[`c${concurrency}`] = {
      concurrency,
      median: bm,
      addedOverRawP50Ms: bP50,
      addedOverRawP99Ms: bP99,
      addedOverSingleProviderRouterP50Ms: skipP50,
      addedOverSingleProviderRouterP99Ms: skipP99,
      rounds: b,
    };
    summary.breakerOpen![`c${concurrency}`] = {
      addedOverRawP50Ms: bP50,
      addedOverRawP99Ms: bP99,
      addedOverSingleProviderRouterP50Ms: skipP50,
      addedOverSingleProviderRouterP99Ms: skipP99,
    };
    targets.push({
      name: `breaker open at ${concurrency}: p50 beyond raw healthy`,
      target: `<= ${TARGETS.breakerOpenAddedMs} ms`,
      value: bP50,
      pass: bP50 <= TARGETS.breakerOpenAddedMs,
    });
    table.push([
      `c=${concurrency} router breaker open`,
      ...row(bm.router!),
      `+p50 ${bP50}, +p99 ${bP99} over raw; +p50 ${skipP50} over a 1-provider router`,
    ]);
  }

  await Promise.all([pool.close(), healthy.close(), failover.close(), breakerOpen.close(), upstream.close()]);

  const report = {
    benchmark: 'brownout router overhead on loopback',
    command: 'npm run bench',
    generatedAt: new Date().toISOString(),
    machine: { ...info, loadAvgAtEnd: os.loadavg().map((l) => round(l, 2)) },
    noisy: Math.max(info.loadAvgAtStart[0] ?? 0, os.loadavg()[0] ?? 0) > info.cpus,
    config: {
      ...CONFIG,
      baseline: 'undici Pool.request() + body.text() + JSON.parse, same request body and headers',
      router: 'router.chat() on the default undici transport, openai() provider',
      upstream: 'node:http in a forked process, 127.0.0.1, answers from memory',
      latencies: 'exact (all samples sorted), nearest rank; ms from performance.now()',
      repeats: 'every comparison runs in rotating order per round; figures are medians over rounds',
    },
    durationS: round((performance.now() - began) / 1000, 1),
    failedRequests,
    targets,
    allPass: targets.every((t) => t.pass),
    summary,
    throughput,
    failover: failoverOut,
    breakerOpen: breakerOut,
  };
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(OUT_FILE, `${JSON.stringify(report, null, 2)}\n`);

  printTable(table);
  console.log('');
  for (const t of targets)
    console.log(`${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.value} (target ${t.target})`);
  if (report.noisy) {
    console.log(
      `\nbench: the load average passed ${info.cpus} (the core count): other work shared the machine.`,
    );
  }
  console.log(`\nbench: ${report.durationS} s; figures in ${OUT_FILE.pathname}`);
  if (failedRequests > 0) process.exitCode = 2;
  else if (strict && !report.allPass) process.exitCode = 1;
}

function row(m: Record<string, number>): string[] {
  return [String(m.rps), String(m.cpuUsPerRequest), String(m.p50Ms), String(m.p99Ms), String(m.count)];
}

function printTable(rows: string[][]): void {
  const header = ['', 'req/s', 'cpu µs/req', 'p50 ms', 'p99 ms', 'n', ''];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  console.log('');
  for (const r of all)
    console.log(
      header
        .map((_, i) => (r[i] ?? '').padEnd(widths[i] as number))
        .join('  ')
        .trimEnd(),
    );
}

await main();
