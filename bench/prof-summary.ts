/**
 * Self time by function (and by file) from a .cpuprofile:
 * `node --import tsx bench/prof-summary.ts <file> [top] [from-ms]`. Samples in the first `from-ms`
 * of the profile (start-up: module loading) are left out; shares are of the busy (non-idle) time.
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, topArg = '40', fromArg = '0'] = process.argv.slice(2);
const fromUs = Number(fromArg) * 1000;
if (!file) throw new Error('usage: prof-summary <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
const byFile = new Map<string, number>();
let total = 0;
let at = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  at += dt;
  const n = byId.get(id);
  if (!n || at < fromUs || n.callFrame.functionName === '(idle)') return;
  total += dt;
  const url = n.callFrame.url.replace(/^.*\/(node_modules|src|bench)\//, '$1/');
  const key = `${n.callFrame.functionName || '(anon)'} ${url}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  const f = url || n.callFrame.functionName;
  byFile.set(f, (byFile.get(f) ?? 0) + dt);
});
function show(m: Map<string, number>, top: number): void {
  const rows = [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [k, v] of rows) console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}
console.log(`--- ${(total / 1e6).toFixed(1)} s busy after ${fromArg} ms; by function (self)`);
show(self, Number(topArg));
console.log('--- by file (self)');
show(byFile, 25);
