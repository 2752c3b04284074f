import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

export type MonitorDatabase = Database.Database;

/**
 * Opens (and creates) the monitor's SQLite file: probe history, incidents, each path's state and
 * what each alert channel was last told. Keeping the last two on disk is what lets a restarted
 * monitor resolve the incident it opened, with the same PagerDuty dedup_key.
 */
export function openDatabase(file: string): MonitorDatabase {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 2000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS probes (
      at INTEGER NOT NULL, path TEXT NOT NULL, verdict TEXT NOT NULL, class TEXT, detail TEXT,
      message TEXT, duration_ms REAL NOT NULL, ttft_ms REAL, served_by TEXT, maintenance INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS probes_path_at ON probes (path, at);
    CREATE TABLE IF NOT EXISTS incidents (
      id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL, state TEXT NOT NULL, class TEXT,
      message TEXT, started_at INTEGER NOT NULL, ended_at INTEGER
    );
    CREATE TABLE IF NOT EXISTS path_status (path TEXT PRIMARY KEY, status TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS alert_state (
      path TEXT NOT NULL, channel TEXT NOT NULL, notified TEXT NOT NULL, class TEXT,
      notified_at INTEGER NOT NULL, PRIMARY KEY (path, channel)
    );
  `);
  return db;
}
