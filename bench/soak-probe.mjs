// Preloaded into the gateway by bench/soak.ts (`node --expose-gc --import bench/soak-probe.mjs`):
// on SIGUSR2 it appends one JSON line to $BROWNOUT_SOAK_PROBE with the process's memory and its
// active resources by type (sockets, servers, timers). A signal listener keeps nothing alive and
// adds no timer of its own. `BROWNOUT_SOAK_PROBE_GC=1` in the line's request file runs a full GC first.
import { appendFileSync, existsSync, rmSync } from 'node:fs';

const out = process.env.BROWNOUT_SOAK_PROBE;
if (out) {
  process.on('SIGUSR2', () => {
    const gcAsked = existsSync(`${out}.gc`);
    if (gcAsked) {
      rmSync(`${out}.gc`, { force: true });
      globalThis.gc?.();
    }
    const resources = {};
    for (const type of process.getActiveResourcesInfo()) resources[type] = (resources[type] ?? 0) + 1;
    const m = process.memoryUsage();
    appendFileSync(
      out,
      `${JSON.stringify({ at: Date.now(), gc: gcAsked, rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, resources })}\n`,
    );
  });
}
