import type { MonitorDatabase } from './database.ts';
import { initialStatus, type PathStatus } from './path-state.ts';

/** What an alert channel was last told about a path: the receivers' view of the world. */
export interface Notified {
  notified: 'up' | 'degraded' | 'down';
  class: string | null;
  notifiedAt: number;
}

/** Each path's state and each channel's notified state, in SQLite: they survive a restart. */
export class StateStore {
  constructor(private readonly db: MonitorDatabase) {}

  status(path: string, now: number): PathStatus {
    const row = this.db.prepare('SELECT status FROM path_status WHERE path = ?').get(path) as
      | { status: string }
      | undefined;
    return row ? (JSON.parse(row.status) as PathStatus) : initialStatus(now);
  }

  saveStatus(path: string, status: PathStatus): void {
    this.db
      .prepare(
        'INSERT INTO path_status (path, status) VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET status = excluded.status',
      )
      .run(path, JSON.stringify(status));
  }

  /** Receivers start out believing every path is up. */
  notified(path: string, channel: string): Notified {
    const row = this.db
      .prepare(
        'SELECT notified, class, notified_at AS notifiedAt FROM alert_state WHERE path = ? AND channel = ?',
      )
      .get(path, channel) as Notified | undefined;
    return row ?? { notified: 'up', class: null, notifiedAt: 0 };
  }

  saveNotified(path: string, channel: string, value: Notified): void {
    this.db
      .prepare(
        `INSERT INTO alert_state (path, channel, notified, class, notified_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(path, channel) DO UPDATE SET notified = excluded.notified, class = excluded.class, notified_at = excluded.notified_at`,
      )
      .run(path, channel, value.notified, value.class, value.notifiedAt);
  }
}
