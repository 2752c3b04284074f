import type { MonitorDatabase } from './database.ts';
import type { PathState } from './path-state.ts';
import type { ProbeResult, Verdict } from './verdict.ts';

export interface Incident {
  id: number;
  path: string;
  state: PathState;
  class: string | null;
  message: string | null;
  startedAt: number;
  endedAt: number | null;
}

export interface UptimeBucket {
  start: number;
  /** Share of probes that were not down, or null when nothing was probed (maintenance excluded). */
  ratio: number | null;
}

const HOUR_MS = 3_600_000;
export const UPTIME_WINDOWS = {
  '24h': 24 * HOUR_MS,
  '7d': 7 * 24 * HOUR_MS,
  '30d': 30 * 24 * HOUR_MS,
} as const;

/**
 * The probe history in SQLite, with its retention. Uptime counts probes that were not down
 * (up or degraded), over probes outside maintenance windows.
 */
export class History {
  readonly #insert;
  readonly #uptime;
  readonly #buckets;
  readonly #recent;
  constructor(private readonly db: MonitorDatabase) {
    this.#insert = db.prepare(
      `INSERT INTO probes (at, path, verdict, class, detail, message, duration_ms, ttft_ms, served_by, maintenance)
       VALUES (@at, @path, @verdict, @class, @detail, @message, @durationMs, @ttftMs, @servedBy, @maintenance)`,
    );
    this.#uptime = db.prepare(
      `SELECT COUNT(*) AS total, SUM(verdict != 'down') AS good FROM probes
       WHERE path = ? AND at >= ? AND maintenance = 0`,
    );
    this.#buckets = db.prepare(
      `SELECT (at - @from) / @size AS bucket, COUNT(*) AS total, SUM(verdict != 'down') AS good FROM probes
       WHERE path = @path AND at >= @from AND maintenance = 0 GROUP BY bucket`,
    );
    this.#recent = db.prepare(
      `SELECT at, verdict, duration_ms AS ms, ttft_ms AS ttftMs FROM probes WHERE path = ? ORDER BY at DESC LIMIT ?`,
    );
  }

  record(result: ProbeResult, maintenance: boolean): void {
    this.#insert.run({
      at: result.at,
      path: result.path,
      verdict: result.verdict,
      class: result.class ?? null,
      detail: result.detail ?? null,
      message: result.message ?? null,
      durationMs: result.durationMs,
      ttftMs: result.ttftMs ?? null,
      servedBy: result.servedBy ?? null,
      maintenance: maintenance ? 1 : 0,
    });
  }

  /** Share of good probes since `now - windowMs`, or null when there were none. */
  uptime(path: string, windowMs: number, now: number): number | null {
    const row = this.#uptime.get(path, now - windowMs) as { total: number; good: number | null };
    return row.total === 0 ? null : (row.good ?? 0) / row.total;
  }

  /** `count` buckets of `sizeMs` ending now, oldest first. */
  buckets(path: string, sizeMs: number, count: number, now: number): UptimeBucket[] {
    const from = now - sizeMs * count;
    const rows = this.#buckets.all({ path, from, size: sizeMs }) as Array<{
      bucket: number;
      total: number;
      good: number;
    }>;
    const byBucket = new Map(rows.map((r) => [Math.floor(r.bucket), r]));
    return Array.from({ length: count }, (_, i) => {
      const row = byBucket.get(i);
      return { start: from + i * sizeMs, ratio: row && row.total > 0 ? row.good / row.total : null };
    });
  }

  /** The latest probes of a path, oldest first. */
  recent(
    path: string,
    limit: number,
  ): Array<{ at: number; verdict: Verdict; ms: number; ttftMs: number | null }> {
    return (
      this.#recent.all(path, limit) as Array<{
        at: number;
        verdict: Verdict;
        ms: number;
        ttftMs: number | null;
      }>
    ).reverse();
  }

  /** Opens an incident when a path turns down or degraded, closes it when it is up again. */
  transition(path: string, from: PathState, to: PathState, at: number, cls?: string, message?: string): void {
    const bad = (s: PathState) => s === 'down' || s === 'degraded';
    if (bad(from))
      this.db.prepare('UPDATE incidents SET ended_at = ? WHERE path = ? AND ended_at IS NULL').run(at, path);
    if (bad(to)) {
      this.db
        .prepare('INSERT INTO incidents (path, state, class, message, started_at) VALUES (?, ?, ?, ?, ?)')
        .run(path, to, cls ?? null, message ?? null, at);
    }
  }

  incidents(limit: number): Incident[] {
    return this.db
      .prepare(
        `SELECT id, path, state, class, message, started_at AS startedAt, ended_at AS endedAt
         FROM incidents ORDER BY started_at DESC, id DESC LIMIT ?`,
      )
      .all(limit) as Incident[];
  }

  /** Deletes what is older than the retention; returns how many probes went. */
  prune(retentionMs: number, now: number): number {
    const before = now - retentionMs;
    this.db.prepare('DELETE FROM incidents WHERE ended_at IS NOT NULL AND ended_at < ?').run(before);
    return this.db.prepare('DELETE FROM probes WHERE at < ?').run(before).changes;
  }
}
