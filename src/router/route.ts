import type { AttemptRecord } from './errors.ts';

/** Which route served a request. */
export interface Route {
  provider: string;
  attempts: AttemptRecord[];
  /** ms from the request's start until the serving attempt began (0 when the primary served at once). */
  failoverMs: number;
  /** ms from the request's start until the answer (chat) or the first chunk (stream). */
  latencyMs: number;
  /** Providers passed over without an attempt, and why. */
  skipped: Array<{ provider: string; reason: 'circuit-open' }>;
}
