import type { ChatRequest } from '../router/types.ts';
import { seededRandom } from './random.ts';
import { sampleRequests } from './requests.ts';
import type { TrafficConfig } from './schema.ts';

export interface PlannedRequest {
  index: number;
  stream: boolean;
  body: ChatRequest;
  /** Open loop: when to send it, ms after the start. */
  atMs?: number;
}

/** Every request of a scenario, decided up front from the seed: bodies, streaming, arrival times. */
export function planTraffic(traffic: TrafficConfig, seed: number): PlannedRequest[] {
  const count =
    traffic.mode === 'open'
      ? Math.max(1, Math.floor(((traffic.ratePerSec as number) * (traffic.durationMs as number)) / 1000))
      : (traffic.requests as number);
  const bodies = sampleRequests(count, seed);
  const random = seededRandom(seed ^ 0x5eed);
  const interval = traffic.mode === 'open' ? 1000 / (traffic.ratePerSec as number) : 0;
  return bodies.map((body, index) => {
    const planned: PlannedRequest = { index, stream: random() < traffic.streaming, body };
    if (traffic.mode === 'open') planned.atMs = index * interval;
    return planned;
  });
}

/**
 * Drives planned requests: a closed loop (`concurrency` workers, each waiting `gapMs` between
 * its requests) or an open loop (arrivals on schedule, whatever the answers). Bounded in count
 * (the plan) and in time (`maxDurationMs`: then `signal` aborts whatever is still running).
 */
export async function driveTraffic(
  plan: PlannedRequest[],
  traffic: TrafficConfig,
  send: (request: PlannedRequest, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const stop = new AbortController();
  const timer = setTimeout(
    () => stop.abort(new Error(`traffic stopped at maxDurationMs (${traffic.maxDurationMs} ms)`)),
    traffic.maxDurationMs,
  );
  try {
    if (traffic.mode === 'open') {
      const started = performance.now();
      await Promise.all(
        plan.map(async (request) => {
          const wait = (request.atMs ?? 0) - (performance.now() - started);
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          await send(request, stop.signal);
        }),
      );
      return;
    }
    let next = 0;
    const worker = async () => {
      for (;;) {
        const request = plan[next++];
        if (!request) return;
        await send(request, stop.signal);
        if (traffic.gapMs > 0 && next < plan.length)
          await new Promise((resolve) => setTimeout(resolve, traffic.gapMs));
      }
    };
    await Promise.all(Array.from({ length: Math.min(traffic.concurrency, plan.length) }, worker));
  } finally {
    clearTimeout(timer);
  }
}
