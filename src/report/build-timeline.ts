import type { History } from '../history/history.ts';
import type { Timeline, TimelinePoint } from './model.ts';

/** Points kept per scenario: enough to see every failure, small enough for a light report. */
export const MAX_TIMELINE_POINTS = 2000;

/**
 * The report's view of a history over time. Large runs are downsampled: every failed or
 * indeterminate request is kept (they are what a reviewer looks for), successes are thinned
 * evenly. Quantiles are computed elsewhere from the full history, so they stay exact.
 */
export function buildTimeline(history: History): Timeline {
  const all: TimelinePoint[] = history.records.map((r) => {
    const point: TimelinePoint = {
      t: round(r.invokeMs),
      ms: round(r.latencyMs),
      by: r.servedBy ?? '',
      completion: r.completion,
      stream: r.stream,
      attempts: r.attempts.length,
    };
    if (r.error) point.code = r.error.code;
    return point;
  });
  let points = all;
  if (all.length > MAX_TIMELINE_POINTS) {
    const failures = all.filter((p) => p.completion !== 'ok');
    const room = Math.max(0, MAX_TIMELINE_POINTS - failures.length);
    const successes = all.filter((p) => p.completion === 'ok');
    const step = successes.length / Math.max(1, room);
    const kept =
      room > 0
        ? Array.from(
            { length: Math.min(room, successes.length) },
            (_, i) => successes[Math.floor(i * step)] as TimelinePoint,
          )
        : [];
    points = [...failures.slice(0, MAX_TIMELINE_POINTS), ...kept].sort((a, b) => a.t - b.t);
  }
  return {
    points,
    total: all.length,
    faultWindows: history.faults.map((f) => ({
      kind: f.kind,
      target: f.target,
      startMs: f.startMs,
      endMs: Math.min(f.endMs ?? history.durationMs, history.durationMs),
    })),
    breaker: history.events
      .filter((e) => e.type === 'breaker')
      .map(({ type: _type, ...e }) => ({ ...e, atMs: round(e.atMs) })),
    durationMs: round(history.durationMs),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
