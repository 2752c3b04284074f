/** A closed-loop load generator with exact latency percentiles (bounded sample arrays). */
import { loadavg } from 'node:os';

export interface LoadOptions {
  concurrency: number;
  /** Stop after this many requests... */
  maxRequests: number;
  /** ...or after this many ms, whichever comes first. */
  maxMs: number;
}

export interface LoadStats {
  concurrency: number;
  count: number;
  errors: number;
  firstError?: string;
  durationMs: number;
  rps: number;
  /** CPU time of this (the client) process per completed request, user + system, in µs. */
  cpuUsPerRequest: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The machine's 1-minute load average when the run ended: above the core count, figures are noisy. */
  loadAvg1: number;
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

/**
 * Runs `op` from `concurrency` loops at once (each starts its next request when the previous
 * ends) until `maxRequests` have started or `maxMs` has passed. A failed op counts as an
 * error and is left out of the latencies.
 */
export async function runLoad(op: () => Promise<unknown>, options: LoadOptions): Promise<LoadStats> {
  const samples = new Float64Array(options.maxRequests);
  let started = 0;
  let done = 0;
  let errors = 0;
  let firstError: unknown;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stopAt = t0 + options.maxMs;

  async function loop(): Promise<void> {
    while (started < options.maxRequests && performance.now() < stopAt) {
      started++;
      const start = performance.now();
      try {
        await op();
        samples[done++] = performance.now() - start;
      } catch (error) {
        errors++;
        firstError ??= error;
      }
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const durationMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const sorted = samples.subarray(0, done).sort();
  let sum = 0;
  for (const ms of sorted) sum += ms;
  const stats: LoadStats = {
    concurrency: options.concurrency,
    count: done,
    errors,
    durationMs: round(durationMs, 1),
    rps: round((done / durationMs) * 1000, 0),
    cpuUsPerRequest: round((cpu.user + cpu.system) / Math.max(1, done), 1),
    meanMs: round(sum / Math.max(1, done)),
    p50Ms: round(percentile(sorted, 0.5)),
    p90Ms: round(percentile(sorted, 0.9)),
    p99Ms: round(percentile(sorted, 0.99)),
    maxMs: round(percentile(sorted, 1)),
    loadAvg1: round(loadavg()[0] ?? 0, 2),
  };
  if (firstError !== undefined) stats.firstError = String((firstError as Error)?.stack ?? firstError);
  return stats;
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
