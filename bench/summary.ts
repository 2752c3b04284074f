/**
 * One table of every performance target of issue 14, read from the JSON each benchmark wrote in
 * reports/bench/ (`npm run bench:summary`). Each row says which run it comes from (date, commit,
 * load average), so figures from different runs are never passed off as one measurement. A
 * benchmark that was not run shows as "not measured", never as a pass.
 *
 *   npm run bench:summary [-- --markdown]
 *
 * Writes reports/bench/summary.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const DIR = new URL('../reports/bench/', import.meta.url);
const markdown = process.argv.includes('--markdown');

interface Row {
  target: string;
  measured: string;
  pass: boolean | null;
  source: string;
}

function read<T>(file: string): T | undefined {
  const url = new URL(file, DIR);
  return existsSync(url) ? (JSON.parse(readFileSync(url, 'utf8')) as T) : undefined;
}

function runOf(file: string, date: string | undefined, commit: string | undefined, load?: number[]): string {
  const when = date ? date.slice(0, 16).replace('T', ' ') : '?';
  return `${file} (${when} UTC, ${commit ?? '?'}${load ? `, load ${load[0]}` : ''})`;
}

const rows: Row[] = [];
const missing = (target: string, file: string, command: string) =>
  rows.push({ target, measured: `not measured: run ${command}`, pass: null, source: file });

interface ServersBench {
  date: string;
  commit: string;
  loadAvgBefore: number[];
  results: Array<{ name: string; target: number; ratio: number; pass: boolean; cpu?: { ratio: number } }>;
}
const servers = read<ServersBench>('servers-bench.json');
if (servers) {
  const source = runOf('servers-bench.json', servers.date, servers.commit, servers.loadAvgBefore);
  for (const r of servers.results) {
    const cpu = r.cpu ? ` (CPU ${r.cpu.ratio})` : '';
    rows.push({
      target: `fault server, ${r.name}: ≥ ${r.target} of bare`,
      measured: `${r.ratio}${cpu}`,
      pass: r.pass,
      source,
    });
  }
} else
  missing(
    'fault server ≥ 0.8 / 0.7 of bare node:http',
    'servers-bench.json',
    'npm run bench:servers -- --wrk',
  );

interface GatewayBench {
  date: string;
  commit: string;
  loadAvgBefore: number[];
  targets: { ratio: number; addedP99Ms: number; moderate: number };
  results: Array<{
    name: string;
    concurrency: number;
    ratio: number;
    ratioPass: boolean;
    addedP99Ms: number;
  }>;
}
const gateway = read<GatewayBench>('gateway-bench.json');
if (gateway) {
  const source = runOf('gateway-bench.json', gateway.date, gateway.commit, gateway.loadAvgBefore);
  for (const r of gateway.results) {
    rows.push({
      target: `gateway, ${r.name}: ≥ ${gateway.targets.ratio} of passthrough`,
      measured: String(r.ratio),
      pass: r.ratioPass,
      source,
    });
    if (r.concurrency === gateway.targets.moderate) {
      rows.push({
        target: `gateway, ${r.name}: added p99 ≤ ${gateway.targets.addedP99Ms} ms`,
        measured: `${r.addedP99Ms} ms`,
        pass: r.addedP99Ms <= gateway.targets.addedP99Ms,
        source,
      });
    }
  }
} else missing('gateway ≥ 0.8 of a passthrough proxy', 'gateway-bench.json', 'npm run bench:gateway');

interface RouterBench {
  generatedAt: string;
  machine: { commit?: string; loadAvgAtStart?: number[] };
  targets: Array<{ name: string; target: string; value: number; pass: boolean }>;
}
const router = read<RouterBench>('router-bench.json');
if (router) {
  const source = runOf(
    'router-bench.json',
    router.generatedAt,
    router.machine.commit,
    router.machine.loadAvgAtStart,
  );
  for (const t of router.targets.filter((t) => t.name.startsWith('throughput ratio'))) {
    rows.push({ target: `router, ${t.name}: ${t.target}`, measured: String(t.value), pass: t.pass, source });
  }
} else missing('router ≥ 0.8 of raw request()', 'router-bench.json', 'npm run bench');

interface Soak {
  date: string;
  minutes: number;
  rate: number;
  loadAvgBefore: number[];
  checks: Array<{
    name: string;
    before: number;
    after: number;
    limit: string;
    pass: boolean | null;
    growth: number;
  }>;
}
const soak = read<Soak>('soak.json');
if (soak) {
  const source = runOf('soak.json', soak.date, undefined, soak.loadAvgBefore);
  for (const c of soak.checks.filter((c) => c.pass !== null)) {
    rows.push({
      target: `soak ${soak.minutes} min at ${soak.rate}/s, ${c.name}: ${c.limit}`,
      measured: `${c.before} → ${c.after}`,
      pass: c.pass,
      source,
    });
  }
} else
  missing(
    'memory soak: RSS growth < 20 MB, no socket or timer growth',
    'soak.json',
    'npm run bench:soak -- --minutes 10',
  );

const verdict = (pass: boolean | null) => (pass === null ? 'n/a' : pass ? 'PASS' : 'FAIL');
if (markdown) {
  console.log('| target | measured | verdict | run |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.target} | ${r.measured} | ${verdict(r.pass)} | ${r.source} |`);
} else {
  const width = Math.max(...rows.map((r) => r.target.length));
  for (const r of rows) console.log(`${verdict(r.pass).padEnd(4)}  ${r.target.padEnd(width)}  ${r.measured}`);
  console.log(`\nsources: ${[...new Set(rows.map((r) => r.source))].join('; ')}`);
}
const judged = rows.filter((r) => r.pass !== null);
console.log(
  `\n${judged.filter((r) => r.pass).length} of ${rows.length} targets pass (${rows.length - judged.length} not measured)`,
);
writeFileSync(
  new URL('summary.json', DIR),
  `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`,
);
