/**
 * CPU time a server process spent, from /proc (Linux): user + system, in ms. Per request it is a
 * cost that machine load does not distort as much as requests per second: a server starved of
 * CPU by other processes serves fewer requests, but each still costs what it costs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on every Linux build in use). */
const USER_HZ = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU ms used so far by `pid`, or undefined where /proc is not available. */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), in parentheses: utime is 14th, stime 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}

/** Measures the CPU a process spends from `start()` to `stop()`, per request served. */
export function cpuMeter(pid: number | undefined): {
  start(): void;
  perRequestUs(requests: number): number | undefined;
} {
  let at: number | undefined;
  return {
    start: () => {
      at = cpuMs(pid);
    },
    perRequestUs: (requests) => {
      const now = cpuMs(pid);
      if (at === undefined || now === undefined || requests <= 0) return undefined;
      return ((now - at) * 1000) / requests;
    },
  };
}
