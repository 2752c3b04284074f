/**
 * k6's JSON output (`k6 run --out json=FILE`, gzipped when FILE ends in .gz): one line per metric
 * declaration or sample. This folds the samples of brownout's phases into per-phase samples and
 * per-second counts, streaming, so a long run never sits in memory as lines.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { LoadPhaseName } from '../report/load/model.ts';

export const LOAD_PHASES: readonly LoadPhaseName[] = ['baseline', 'fault', 'recovery'];

/** One sample line: `{"type":"Point","metric":"http_reqs","data":{"time":"…","value":1,"tags":{…}}}`. */
export interface K6Point {
  metric: string;
  timeMs: number;
  value: number;
  tags: Record<string, string>;
}

/** What one phase's requests measured, before quantiles are taken. */
export interface PhaseSamples {
  requests: number;
  failed: number;
  durations: number[];
  streamTtfb: number[];
  fallback: { served: number; of: number };
  failoverMs: number[];
  streams: { requests: number; complete: number };
  /** Arrivals k6 could not start (no free VU): the load generator fell behind the rate. */
  dropped: number;
}

/** Everything the report needs from the output file: per-phase samples and per-second counts. */
export interface PointAggregate {
  phases: Record<LoadPhaseName, PhaseSamples>;
  /** Epoch second → counts; phases' requests only (not setup or the fault switches). */
  seconds: Map<number, { requests: number; errors: number; fallback: number }>;
  /** Epoch ms of the first phase sample; NaN when there was none. */
  firstMs: number;
  lines: number;
  /** Lines that were not JSON (a file cut short by a killed k6 ends with a partial line). */
  badLines: number;
}

function emptyPhase(): PhaseSamples {
  return {
    requests: 0,
    failed: 0,
    durations: [],
    streamTtfb: [],
    fallback: { served: 0, of: 0 },
    failoverMs: [],
    streams: { requests: 0, complete: 0 },
    dropped: 0,
  };
}

export function emptyAggregate(): PointAggregate {
  return {
    phases: { baseline: emptyPhase(), fault: emptyPhase(), recovery: emptyPhase() },
    seconds: new Map(),
    firstMs: Number.NaN,
    lines: 0,
    badLines: 0,
  };
}

function isPhase(value: string | undefined): value is LoadPhaseName {
  return value === 'baseline' || value === 'fault' || value === 'recovery';
}

/** k6 tags `dropped_iterations` with the scenario only: `fault_json` belongs to the fault phase. */
function phaseOf(tags: Record<string, string>): string | undefined {
  return tags.phase ?? tags.scenario?.split('_')[0];
}

/** Adds one sample; samples outside the three phases (setup, fault switches) are ignored. */
export function addPoint(agg: PointAggregate, point: K6Point): void {
  const phaseName = phaseOf(point.tags);
  if (!isPhase(phaseName)) return;
  const phase = agg.phases[phaseName];
  if (point.metric === 'dropped_iterations') {
    phase.dropped += point.value;
    return;
  }
  if (Number.isNaN(agg.firstMs) || point.timeMs < agg.firstMs) agg.firstMs = point.timeMs;
  const second = Math.floor(point.timeMs / 1000);
  let bucket = agg.seconds.get(second);
  if (!bucket) {
    bucket = { requests: 0, errors: 0, fallback: 0 };
    agg.seconds.set(second, bucket);
  }
  const stream = point.tags.kind === 'stream';
  switch (point.metric) {
    case 'http_reqs':
      phase.requests += point.value;
      bucket.requests += point.value;
      if (stream) phase.streams.requests += point.value;
      break;
    case 'http_req_failed':
      if (point.value > 0) {
        phase.failed++;
        bucket.errors++;
      }
      break;
    case 'http_req_duration':
      phase.durations.push(point.value);
      break;
    case 'http_req_waiting':
      if (stream) phase.streamTtfb.push(point.value);
      break;
    case 'brownout_fallback_served':
      phase.fallback.of++;
      if (point.value > 0) {
        phase.fallback.served++;
        bucket.fallback++;
      }
      break;
    case 'brownout_failover_ms':
      phase.failoverMs.push(point.value);
      break;
    case 'brownout_stream_complete':
      if (point.value > 0) phase.streams.complete++;
      break;
  }
}

/** Parses one output line; undefined for metric declarations and anything that is not a sample. */
export function parsePointLine(line: string): K6Point | undefined {
  const raw = JSON.parse(line) as {
    type?: string;
    metric?: string;
    data?: { time?: string; value?: number; tags?: Record<string, string> | null };
  };
  if (raw.type !== 'Point' || !raw.metric || !raw.data) return undefined;
  const timeMs = Date.parse(raw.data.time ?? '');
  if (!Number.isFinite(timeMs) || typeof raw.data.value !== 'number') return undefined;
  return { metric: raw.metric, timeMs, value: raw.data.value, tags: raw.data.tags ?? {} };
}

/** Reads a k6 JSON output file (plain or gzip, told apart by its first bytes) into an aggregate. */
export async function readPointsFile(file: string): Promise<PointAggregate> {
  const agg = emptyAggregate();
  const head = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    createReadStream(file, { start: 0, end: 1 })
      .on('data', (c) => chunks.push(c as Buffer))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .on('error', reject);
  });
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const source = createReadStream(file);
  const input = gzip ? source.pipe(createGunzip()) : source;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line === '') continue;
    agg.lines++;
    let point: K6Point | undefined;
    try {
      point = parsePointLine(line);
    } catch {
      agg.badLines++;
      continue;
    }
    if (point) addPoint(agg, point);
  }
  return agg;
}
