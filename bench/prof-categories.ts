/**
 * Self time of a .cpuprofile by kind of work, in % and in µs per request: the write syscalls,
 * undici, node's HTTP and stream machinery, GC, and brownout's own code (router, gateway). Run on
 * the profiles of the passthrough and of the gateway from one `bench:gateway` run, it says where
 * the gateway's extra microseconds go.
 *
 *   node --import tsx bench/prof-categories.ts <file.cpuprofile> <CPU µs per request> [from-ms]
 *
 * The µs per request should come from a run without --cpu-prof (profiling inflates it); the shares
 * are the profile's. Samples in the first `from-ms` (default 1000) are start-up and left out.
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
}

const [file, usArg, fromArg = '1000'] = process.argv.slice(2);
if (!file || !usArg)
  throw new Error('usage: prof-categories <file.cpuprofile> <cpu µs per request> [from-ms]');
const usPerRequest = Number(usArg);
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
};

const WRITES = new Set(['writev', 'writeUtf8String', 'writeLatin1String', 'writeBuffer']);

function kindOf({ functionName: name, url }: Node['callFrame']): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)') return '(program)';
  if (WRITES.has(name)) return 'write syscalls';
  if (url.includes('/dist/router/')) return 'brownout: router';
  if (url.includes('/dist/gateway/')) return 'brownout: gateway';
  if (url.includes('/dist/')) return 'brownout: other';
  if (url.includes('gateway-proc')) return 'passthrough script';
  if (url.includes('ajv') || /^validate\d+$/.test(name)) return 'ajv (schema validation)';
  if (url.includes('undici') || url.startsWith('wasm')) return 'undici';
  if (url.startsWith('node:_http') || url.startsWith('node:net') || url.includes('stream_base'))
    return 'node http/net';
  if (
    url.startsWith('node:internal/streams') ||
    url === 'node:events' ||
    url.includes('task_queues') ||
    url.includes('timers') ||
    name === 'runMicrotasks'
  )
    return 'node streams/events/ticks';
  if (url.startsWith('node:')) return 'node other';
  return 'native/other';
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const fromUs = Number(fromArg) * 1000;
const byKind = new Map<string, number>();
let at = profile.startTime;
let busy = 0;
for (let i = 0; i < profile.samples.length; i++) {
  at += profile.timeDeltas[i] ?? 0;
  if (at - profile.startTime < fromUs) continue;
  const node = byId.get(profile.samples[i] as number);
  if (!node || node.callFrame.functionName === '(idle)') continue;
  // A sample's time is the gap to the next one.
  const us = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
  busy += us;
  const kind = kindOf(node.callFrame);
  byKind.set(kind, (byKind.get(kind) ?? 0) + us);
}
for (const [kind, us] of [...byKind].sort((a, b) => b[1] - a[1])) {
  const share = us / busy;
  console.log(
    `${(100 * share).toFixed(1).padStart(5)} %  ${(usPerRequest * share).toFixed(0).padStart(4)} µs  ${kind}`,
  );
}
