import type { LoadPhase, LoadRun } from '../../../src/report/load/model.ts';
import type { RunReport } from '../../../src/report/model.ts';

const latency = (p50: number, p95: number) => ({ count: 100, p50, p95, p99: p95 * 1.5, max: p95 * 2 });

function phase(name: LoadPhase['name'], startS: number, over: Partial<LoadPhase> = {}): LoadPhase {
  return {
    name,
    startS,
    durationS: 10,
    requests: 100,
    ratePerSec: 10,
    errorRate: 0,
    latencyMs: latency(20, 80),
    ttfbMs: latency(10, 40),
    fallbackShare: name === 'fault' ? 0.9 : 0,
    failoverMs: name === 'fault' ? latency(3, 30) : { count: 0, p50: null, p95: null, p99: null, max: null },
    streams: { requests: 20, complete: 20 },
    droppedIterations: 0,
    ...over,
  };
}

/** A load run as `brownout load` writes it; `over` changes the fault phase. */
export function sampleLoadRun(over: { fault?: Partial<LoadPhase>; run?: Partial<LoadRun> } = {}): LoadRun {
  return {
    id: 'rate-limit-storm',
    title: '429 storm under load',
    verdict: 'pass',
    reasons: [],
    target: 'http://127.0.0.1:40000/v1',
    gateway: 'brownout',
    k6: { version: 'v2.2.0', exitCode: 0 },
    ratePerSec: 10,
    streaming: 0.2,
    durationMs: 31_000,
    faults: [{ kind: 'rate-limit', target: 'openai', injected: 12 }],
    phases: [phase('baseline', 0), phase('fault', 10, over.fault), phase('recovery', 20)],
    thresholds: [
      { metric: 'http_req_failed{phase:fault}', expression: 'rate<=0.05', ok: true },
      { metric: 'brownout_fallback_served{phase:fault}', expression: 'rate>=0.5', ok: true },
    ],
    series: {
      stepS: 1,
      t: [0, 1, 2],
      requests: [10, 10, 10],
      errors: [0, 1, 0],
      fallback: [0, 9, 0],
    },
    ...over.run,
  };
}

/** A report holding only load runs (what `brownout load` writes). */
export function loadReport(runs: LoadRun[]): RunReport {
  const failed = runs.filter((r) => r.verdict === 'fail').length;
  return {
    schemaVersion: '1',
    tool: { name: 'brownout', version: '0.1.0' },
    startedAt: '2026-11-30T12:00:00.000Z',
    durationMs: 31_000,
    seed: 0,
    summary: { scenarios: runs.length, passed: runs.length - failed, failed },
    scenarios: [],
    load: runs,
    environment: { node: 'v20.20.0', platform: 'linux', arch: 'x64', cpus: 2, command: 'brownout load' },
  };
}
