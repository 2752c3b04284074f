import { type Redactor, redactDeep } from '../report/redact.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** JSON lines (one object per line: `ts`, `level`, `event`, fields), secrets redacted. */
export interface Logger {
  write(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

/**
 * A logger that writes to a stream (stderr by default, so `--once --json` keeps stdout for its
 * result). Every line goes through the redactor: a key echoed in a provider's error cannot leak.
 */
export function jsonLogger(
  redactor: Redactor,
  out: { write(line: string): unknown } = process.stderr,
  now: () => number = Date.now,
): Logger {
  return {
    write(level, event, fields = {}) {
      const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      const line = redactDeep({ ts: new Date(now()).toISOString(), level, event, ...defined }, redactor);
      out.write(`${JSON.stringify(line)}\n`);
    },
  };
}

/** A logger that keeps nothing. */
export const silentLogger: Logger = { write() {} };
