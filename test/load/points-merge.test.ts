import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLoadConfig } from '../../src/load/config.ts';
import { mergeLoad, seriesOf, thresholdsOf } from '../../src/load/merge.ts';
import {
  addPoint,
  emptyAggregate,
  type K6Point,
  parsePointLine,
  readPointsFile,
} from '../../src/load/points.ts';

const T0 = Date.parse('2026-11-30T12:00:00.000Z');

function request(
  atS: number,
  phase: string,
  opts: {
    failed?: boolean;
    ms?: number;
    kind?: 'json' | 'stream';
    fallback?: boolean;
    failoverMs?: number;
  } = {},
): K6Point[] {
  const timeMs = T0 + atS * 1000;
  const tags = { phase, kind: opts.kind ?? 'json', scenario: `${phase}_${opts.kind ?? 'json'}` };
  const points: K6Point[] = [
    { metric: 'http_reqs', timeMs, value: 1, tags },
    { metric: 'http_req_failed', timeMs, value: opts.failed ? 1 : 0, tags },
    { metric: 'http_req_duration', timeMs, value: opts.ms ?? 10, tags },
    { metric: 'http_req_waiting', timeMs, value: (opts.ms ?? 10) / 2, tags },
  ];
  if (opts.fallback !== undefined)
    points.push({ metric: 'brownout_fallback_served', timeMs, value: opts.fallback ? 1 : 0, tags });
  if (opts.failoverMs !== undefined)
    points.push({ metric: 'brownout_failover_ms', timeMs, value: opts.failoverMs, tags });
  if (opts.kind === 'stream')
    points.push({ metric: 'brownout_stream_complete', timeMs, value: opts.failed ? 0 : 1, tags });
  return points;
}

const config = buildLoadConfig({
  target: 'http://127.0.0.1:1/v1',
  faultServer: 'http://127.0.0.1:2',
  flags: { phaseSeconds: [2, 2, 2], ratePerSec: 2 },
  ourGateway: true,
  summaryFile: 'summary.json',
});

describe('k6 output points', () => {
  it('parses sample lines and skips metric declarations', () => {
    expect(
      parsePointLine(
        '{"metric":"http_reqs","type":"Point","data":{"time":"2026-11-30T12:00:01.5Z","value":1,"tags":{"phase":"fault"}}}',
      ),
    ).toEqual({ metric: 'http_reqs', timeMs: T0 + 1500, value: 1, tags: { phase: 'fault' } });
    expect(
      parsePointLine(
        '{"type":"Metric","data":{"type":"rate","contains":"default"},"metric":"http_req_failed"}',
      ),
    ).toBeUndefined();
  });

  it('folds samples per phase and per second, leaving out setup and the fault switches', () => {
    const agg = emptyAggregate();
    const points = [
      ...request(0.1, 'baseline', { fallback: false }),
      ...request(1.2, 'baseline', { fallback: false, ms: 30 }),
      // The fault switch and setup requests carry no traffic phase.
      { metric: 'http_reqs', timeMs: T0 + 2000, value: 1, tags: { phase: 'control' } },
      { metric: 'http_reqs', timeMs: T0 - 500, value: 1, tags: {} },
      ...request(2.1, 'fault', { failed: true }),
      ...request(2.5, 'fault', { fallback: true, failoverMs: 7, kind: 'stream' }),
      ...request(5.9, 'recovery', { fallback: false }),
      // k6 tags dropped arrivals with their scenario only.
      { metric: 'dropped_iterations', timeMs: T0 + 2300, value: 1, tags: { scenario: 'fault_stream' } },
      { metric: 'dropped_iterations', timeMs: T0 + 2400, value: 1, tags: { scenario: 'fault_json' } },
    ];
    for (const p of points) addPoint(agg, p);
    expect(agg.phases.baseline.requests).toBe(2);
    expect(agg.phases.baseline.durations).toEqual([10, 30]);
    expect(agg.phases.fault).toMatchObject({ requests: 2, failed: 1, failoverMs: [7], streamTtfb: [5] });
    expect(agg.phases.fault.fallback).toEqual({ served: 1, of: 1 });
    expect(agg.phases.fault.streams).toEqual({ requests: 1, complete: 1 });
    expect(agg.phases.fault.dropped).toBe(2);
    expect(agg.phases.baseline.dropped).toBe(0);
    expect(agg.firstMs).toBe(T0 + 100);
    // Seconds 0..5 from the first request, the empty ones (3, 4) filled with zeros.
    expect(seriesOf(agg)).toEqual({
      stepS: 1,
      t: [0, 1, 2, 3, 4, 5],
      requests: [1, 1, 2, 0, 0, 1],
      errors: [0, 0, 1, 0, 0, 0],
      fallback: [0, 0, 1, 0, 0, 0],
    });
  });

  describe('files', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'brownout-points-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    const lines = [
      '{"type":"Metric","data":{"type":"counter"},"metric":"http_reqs"}',
      '{"metric":"http_reqs","type":"Point","data":{"time":"2026-11-30T12:00:00.2Z","value":1,"tags":{"phase":"baseline"}}}',
      '{"metric":"http_req_failed","type":"Point","data":{"time":"2026-11-30T12:00:03.2Z","value":1,"tags":{"phase":"fault"}}}',
      '{"metric":"http_reqs","type":"Point","data":{"time":"2026-11-30T12:00:03.2Z","value":1,"tags":{"phase":"fault"}}}',
      '{"metric":"http_reqs","type":"Po',
    ];

    it('reads gzipped and plain output alike, counting a cut-off last line as bad', async () => {
      const gz = join(dir, 'points.json.gz');
      const plain = join(dir, 'points.json');
      await writeFile(gz, gzipSync(`${lines.join('\n')}\n`));
      await writeFile(plain, `${lines.join('\n')}\n`);
      for (const file of [gz, plain]) {
        const agg = await readPointsFile(file);
        expect(agg.lines).toBe(5);
        expect(agg.badLines).toBe(1);
        expect(agg.phases.baseline.requests).toBe(1);
        expect(agg.phases.fault).toMatchObject({ requests: 1, failed: 1 });
        expect(seriesOf(agg).errors).toEqual([0, 0, 0, 1]);
      }
    });
  });
});

describe('merging the summary and the points', () => {
  const summary = {
    metrics: {
      'http_req_failed{phase:fault}': { thresholds: { 'rate<=0.05': { ok: false } } },
      'brownout_fallback_served{phase:fault}': { thresholds: { 'rate>=0.5': { ok: true } } },
      http_reqs: {},
    },
  };

  function aggregate() {
    const agg = emptyAggregate();
    for (const p of [
      ...request(0.5, 'baseline', { fallback: false, ms: 12 }),
      ...request(2.5, 'fault', { failed: true }),
      ...request(3.5, 'fault', { fallback: true, failoverMs: 40, ms: 60 }),
      ...request(4.5, 'recovery', { fallback: false }),
    ])
      addPoint(agg, p);
    return agg;
  }

  it('reads every threshold k6 evaluated, crossed or not', () => {
    expect(thresholdsOf(summary)).toEqual([
      { metric: 'brownout_fallback_served{phase:fault}', expression: 'rate>=0.5', ok: true },
      { metric: 'http_req_failed{phase:fault}', expression: 'rate<=0.05', ok: false },
    ]);
  });

  it('gives each phase its rate, error rate, quantiles and fallback share, and fails on a crossed threshold', () => {
    const run = mergeLoad({
      id: 'load',
      title: 't',
      config,
      gateway: 'brownout',
      summary,
      points: aggregate(),
      faults: [{ kind: 'rate-limit', target: 'openai', injected: 3 }],
      k6: { version: 'v2.2.0', exitCode: 99 },
      durationMs: 6000,
    });
    const [baseline, fault, recovery] = run.phases;
    expect(baseline).toMatchObject({
      name: 'baseline',
      startS: 0,
      requests: 1,
      ratePerSec: 0.5,
      errorRate: 0,
    });
    expect(fault).toMatchObject({ name: 'fault', startS: 2, requests: 2, errorRate: 0.5, fallbackShare: 1 });
    expect(fault?.latencyMs).toEqual({ count: 2, p50: 10, p95: 60, p99: 60, max: 60 });
    expect(fault?.failoverMs.p95).toBe(40);
    expect(recovery?.startS).toBe(4);
    expect(run.verdict).toBe('fail');
    expect(run.reasons).toEqual(['threshold http_req_failed{phase:fault}: rate<=0.05 was crossed']);
  });

  it('fails a run whose faults were never injected even when every threshold held', () => {
    const run = mergeLoad({
      id: 'load',
      title: 't',
      config,
      gateway: 'brownout',
      summary: {
        metrics: { 'http_req_failed{phase:fault}': { thresholds: { 'rate<=0.05': { ok: true } } } },
      },
      points: aggregate(),
      faults: [{ kind: 'rate-limit', target: 'openai', injected: 0 }],
      k6: { version: 'v2.2.0', exitCode: 0 },
      durationMs: 6000,
    });
    expect(run.verdict).toBe('fail');
    expect(run.reasons).toEqual([
      'fault rate-limit → openai was never injected: the fault phase proves nothing',
    ]);
  });

  it('passes when thresholds held and faults fired, and reports a missing summary or a k6 error', () => {
    const base = {
      id: 'load',
      title: 't',
      config,
      gateway: 'brownout' as const,
      points: aggregate(),
      faults: [{ kind: 'rate-limit', target: 'openai', injected: 2 }],
      durationMs: 6000,
    };
    const ok = mergeLoad({
      ...base,
      summary: { metrics: {} },
      k6: { version: 'v2.2.0', exitCode: 0 },
    });
    expect(ok).toMatchObject({ verdict: 'pass', reasons: [] });
    const broken = mergeLoad({ ...base, summary: undefined, k6: { version: 'v2.2.0', exitCode: 107 } });
    expect(broken.reasons).toEqual([
      'k6 wrote no summary (it stopped before the end of the test)',
      'k6 exited with code 107',
    ]);
  });
});
