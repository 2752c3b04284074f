/**
 * The gateway's memory soak (`npm run bench:soak -- --minutes 10`): a 429 storm with stream cuts
 * through `brownout gateway` at a fixed rate, open loop, half JSON and half streams.
 *
 * Processes: the fault server (built, upstream record on) with the storm's faults, the gateway
 * (dist/, preloaded with bench/soak-probe.mjs and --expose-gc), and this one driving the load.
 * Every few seconds it samples the gateway: RSS (/proc/<pid>/status), open fds and sockets
 * (/proc/<pid>/fd), and the active resources by type (sockets, timers) from the probe.
 * Before and after the soak the load stops, client connections close, keep-alive sockets are
 * given time to expire, and a sample after a full GC is taken: those two are compared.
 * PASS: RSS growth < 20 MB (idle after GC, and under load from the first minute to the last);
 * no more sockets, fds or timers idle after than idle before.
 * Writes reports/bench/soak.json and prints a table.
 *
 *   npm run bench:soak -- [--minutes 10] [--rate 200] [--sample-s 5] [--warmup-s 20]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startGateway } from './gateway-proc.ts';
import { median, round } from './load.ts';
import { startServerProcess } from './server-proc.ts';
import { type Outcomes, runStorm } from './soak-load.ts';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '200' },
    'sample-s': { type: 'string', default: '5' },
    'warmup-s': { type: 'string', default: '20' },
  },
});
const MINUTES = Math.min(60, Math.max(0.1, Number(args.minutes)));
const RATE = Math.min(2_000, Math.max(1, Number(args.rate)));
const SAMPLE_MS = Math.max(1, Number(args['sample-s'])) * 1000;
const WARMUP_MS = Math.max(1, Number(args['warmup-s'])) * 1000;
/** Idle keep-alive sockets (undici: 4 s; the gateway's own clients are closed) expire in this time. */
const SETTLE_MS = 12_000;
const TARGETS = { rssGrowthMB: 20 };
const OUT_DIR = new URL('../reports/bench/', import.meta.url);

/**
 * The storm: OpenAI answers 429 to half the requests with a 1 ms Retry-After (so the cooldown ends
 * at once and the next request tries it again, and fails over); streams are cut mid-event on both
 * providers; Hugging Face rate-limits a few too, so some requests fail whole. Mild enough that the
 * gateway's breakers stay mostly closed and requests reach the wire rather than fail fast.
 */
const FAULTS = [
  { kind: 'rate-limit', target: 'openai', retryAfterMs: 1, probability: 0.5 },
  { kind: 'stream-cut', target: 'openai', mode: 'mid-event', afterChunks: 1, probability: 0.15 },
  { kind: 'stream-cut', target: 'huggingface', mode: 'mid-event', afterChunks: 1, probability: 0.15 },
  { kind: 'rate-limit', target: 'huggingface', retryAfterMs: 1, probability: 0.05 },
];

interface Sample {
  atS: number;
  phase: 'idle-before' | 'load' | 'idle-after';
  rssMB: number;
  heapUsedMB: number;
  fds: number;
  fdSockets: number;
  sockets: number;
  timers: number;
  resources: Record<string, number>;
}

const probeFile = join(tmpdir(), `brownout-soak-${process.pid}.jsonl`);
const began = Date.now();

function procFigures(pid: number): { rssMB: number; fds: number; fdSockets: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  let fds = 0;
  let fdSockets = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      fds++;
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) fdSockets++;
    } catch {
      // Closed between the listing and the read.
    }
  }
  return { rssMB: round(rssKB / 1024, 1), fds, fdSockets };
}

async function sample(pid: number, phase: Sample['phase'], gc: boolean): Promise<Sample> {
  const linesBefore = existsSync(probeFile) ? readFileSync(probeFile, 'utf8').split('\n').length : 0;
  if (gc) writeFileSync(`${probeFile}.gc`, '');
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 5_000;
  let line: string | undefined;
  while (Date.now() < deadline) {
    const lines = existsSync(probeFile) ? readFileSync(probeFile, 'utf8').split('\n') : [];
    if (lines.length > linesBefore) {
      line = lines.at(-2);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!line) throw new Error('the gateway probe did not answer within 5 s');
  const probe = JSON.parse(line) as { rss: number; heapUsed: number; resources: Record<string, number> };
  const proc = procFigures(pid);
  return {
    atS: round((Date.now() - began) / 1000, 1),
    phase,
    ...proc,
    heapUsedMB: round(probe.heapUsed / 2 ** 20, 1),
    sockets: probe.resources.TCPSocketWrap ?? 0,
    timers: probe.resources.Timeout ?? 0,
    resources: probe.resources,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
const hardLimitMs = WARMUP_MS + MINUTES * 60_000 + 3 * 60_000;
const hardLimit = setTimeout(() => {
  console.error(`bench:soak: cut off after ${hardLimitMs} ms`);
  process.exit(2);
}, hardLimitMs);
hardLimit.unref();

const loadBefore = loadavg();
const fault = await startServerProcess(['fault', JSON.stringify(FAULTS)]);
const gateway = await startGateway(fault.origin, {
  nodeArgs: ['--expose-gc', '--import', fileURLToPath(new URL('./soak-probe.mjs', import.meta.url))],
  env: { BROWNOUT_SOAK_PROBE: probeFile },
});
const samples: Sample[] = [];
let warmup: Outcomes;
let soak: Outcomes;
try {
  console.error(`warm-up: ${WARMUP_MS / 1000} s at ${RATE} requests/s (gateway pid ${gateway.pid})`);
  warmup = await runStorm(gateway.origin, RATE, WARMUP_MS);
  await settle();
  samples.push(await sample(gateway.pid, 'idle-before', true));
  console.error(`soak: ${MINUTES} min at ${RATE} requests/s; sampling every ${SAMPLE_MS / 1000} s`);
  soak = await runStorm(
    gateway.origin,
    RATE,
    MINUTES * 60_000,
    async () => {
      const s = await sample(gateway.pid, 'load', false);
      samples.push(s);
      console.error(
        `  ${s.atS} s: rss ${s.rssMB} MB, heap ${s.heapUsedMB} MB, sockets ${s.sockets} (fd ${s.fdSockets}), timers ${s.timers}, load ${round(loadavg()[0] ?? 0, 1)}`,
      );
    },
    SAMPLE_MS,
  );
  await settle();
  samples.push(await sample(gateway.pid, 'idle-after', true));
} finally {
  await gateway.close();
  await fault.close();
}

const before = samples.find((s) => s.phase === 'idle-before') as Sample;
const after = samples.find((s) => s.phase === 'idle-after') as Sample;
const underLoad = samples.filter((s) => s.phase === 'load');
// Under load: the first minute against the last, medians (one sample is noisy).
const perMinute = Math.max(1, Math.round(60_000 / SAMPLE_MS));
const first = round(median(underLoad.slice(0, perMinute).map((s) => s.rssMB)), 1);
const last = round(median(underLoad.slice(-perMinute).map((s) => s.rssMB)), 1);
// The backlog under load: a gateway that falls behind the rate holds more requests, and memory, at the end.
const socketsFirst = median(underLoad.slice(0, perMinute).map((s) => s.sockets));
const socketsLast = median(underLoad.slice(-perMinute).map((s) => s.sockets));
interface Check {
  name: string;
  before: number;
  after: number;
  limit: string;
  /** null: shown, not judged. */
  pass: boolean | null;
}
const checks = (
  [
    {
      name: 'RSS growth idle, after GC (MB)',
      before: before.rssMB,
      after: after.rssMB,
      limit: `< ${TARGETS.rssGrowthMB}`,
      pass: after.rssMB - before.rssMB < TARGETS.rssGrowthMB,
    },
    {
      name: 'RSS growth under load, first vs last minute (MB)',
      before: first,
      after: last,
      limit: `< ${TARGETS.rssGrowthMB}`,
      pass: last - first < TARGETS.rssGrowthMB,
    },
    {
      name: 'open sockets under load, first vs last minute (backlog; not judged)',
      before: socketsFirst,
      after: socketsLast,
      limit: 'none',
      pass: null,
    },
    {
      name: 'heap used idle, after GC (MB)',
      before: before.heapUsedMB,
      after: after.heapUsedMB,
      limit: `< ${TARGETS.rssGrowthMB}`,
      pass: after.heapUsedMB - before.heapUsedMB < TARGETS.rssGrowthMB,
    },
    {
      name: 'open sockets idle (active handles)',
      before: before.sockets,
      after: after.sockets,
      limit: 'no growth',
      pass: after.sockets <= before.sockets,
    },
    {
      name: 'open sockets idle (/proc fd)',
      before: before.fdSockets,
      after: after.fdSockets,
      limit: 'no growth',
      pass: after.fdSockets <= before.fdSockets,
    },
    {
      name: 'open fds idle (/proc fd)',
      before: before.fds,
      after: after.fds,
      limit: 'no growth',
      pass: after.fds <= before.fds,
    },
    {
      name: 'active timers idle',
      before: before.timers,
      after: after.timers,
      limit: 'no growth',
      pass: after.timers <= before.timers,
    },
  ] as Check[]
).map((c) => ({ ...c, growth: round(c.after - c.before, 1) }));

const report = {
  benchmark: 'brownout gateway memory soak: 429 storm with stream cuts',
  command: `npm run bench:soak -- --minutes ${MINUTES} --rate ${RATE}`,
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  loadAvgBefore: loadBefore.map((x) => round(x, 2)),
  loadAvgAfter: loadavg().map((x) => round(x, 2)),
  rate: RATE,
  minutes: MINUTES,
  faults: FAULTS,
  warmup: warmup,
  soak: soak,
  checks,
  allPass: checks.every((c) => c.pass !== false),
  samples,
};
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(new URL('soak.json', OUT_DIR), `${JSON.stringify(report, null, 2)}\n`);

console.log(
  `\ngateway soak: ${MINUTES} min at ${RATE} requests/s, ${soak.sent} sent (${soak.achievedRate} /s): ${JSON.stringify(soak.outcomes)}; load avg ${report.loadAvgBefore[0]} before, ${report.loadAvgAfter[0]} after, ${report.machine.cpus} cores`,
);
console.log('| figure | before | after | growth | target | |');
console.log('|---|---|---|---|---|---|');
for (const c of checks)
  console.log(
    `| ${c.name} | ${c.before} | ${c.after} | ${c.growth} | ${c.limit} | ${c.pass === null ? 'info' : c.pass ? 'PASS' : 'FAIL'} |`,
  );
console.log('\nwritten to reports/bench/soak.json');
process.exitCode = soak.outcomes.unexpected > 0 ? 2 : 0;
