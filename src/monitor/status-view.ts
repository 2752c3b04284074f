import type { Redactor } from '../report/redact.ts';
import { type History, type Incident, UPTIME_WINDOWS, type UptimeBucket } from './history.ts';
import type { PathState, PathStatus } from './path-state.ts';
import type { PathKind, ProbePath } from './paths.ts';

export interface PathView {
  id: string;
  kind: PathKind;
  provider: string;
  model: string;
  state: PathState;
  since: number;
  class?: string;
  message?: string;
  uptime: Record<keyof typeof UPTIME_WINDOWS, number | null>;
  /** The last 24 hours, one bar an hour. */
  bars: UptimeBucket[];
  /** The latest probes' durations in ms, oldest first. */
  latency: Array<{ at: number; ms: number; down: boolean }>;
}

/** What the status page and `/status.json` show: plain data, secrets already redacted. */
export interface StatusView {
  monitor: string;
  generatedAt: number;
  paths: PathView[];
  incidents: Incident[];
}

const HOUR_MS = 3_600_000;

export function buildStatusView(
  monitor: string,
  paths: readonly ProbePath[],
  statusOf: (path: string) => PathStatus,
  history: History,
  now: number,
  redactor: Redactor,
): StatusView {
  return {
    monitor,
    generatedAt: now,
    paths: paths.map((p) => {
      const status = statusOf(p.id);
      return {
        id: p.id,
        kind: p.kind,
        provider: p.provider,
        model: p.model,
        state: status.state,
        since: status.since,
        ...(status.class ? { class: status.class } : {}),
        ...(status.message ? { message: redactor(status.message) } : {}),
        uptime: {
          '24h': history.uptime(p.id, UPTIME_WINDOWS['24h'], now),
          '7d': history.uptime(p.id, UPTIME_WINDOWS['7d'], now),
          '30d': history.uptime(p.id, UPTIME_WINDOWS['30d'], now),
        },
        bars: history.buckets(p.id, HOUR_MS, 24, now),
        latency: history.recent(p.id, 60).map((r) => ({ at: r.at, ms: r.ms, down: r.verdict === 'down' })),
      };
    }),
    incidents: history
      .incidents(20)
      .map((i) => ({ ...i, message: i.message === null ? null : redactor(i.message) })),
  };
}
