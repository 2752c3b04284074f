/**
 * Alert kinds, one documented table (Checkly's ALERT_FAILURE / ALERT_DEGRADED / ALERT_RECOVERY):
 *
 * | kind     | sent when                                         | PagerDuty          |
 * |----------|---------------------------------------------------|--------------------|
 * | failure  | a path turned down                                | trigger            |
 * | degraded | a path turned degraded                            | trigger (warning)  |
 * | recovery | a path that was down or degraded is up again      | resolve            |
 * | reminder | a path is still down, every `reminderMinutes`     | (not sent)         |
 */
export const ALERT_KINDS = ['failure', 'degraded', 'recovery', 'reminder'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertEvent {
  kind: AlertKind;
  monitor: string;
  /** Where the monitor runs (PagerDuty `source`). */
  source: string;
  path: string;
  provider: string;
  model: string;
  state: 'up' | 'degraded' | 'down';
  previous: 'up' | 'degraded' | 'down';
  /** The failure class (`model-missing`, `timeout`, ...); on a recovery, the class it recovered from. */
  class?: string;
  message?: string;
  /** Epoch ms the path entered its state. */
  since: number;
  at: number;
  /** Stable per monitor and path: a restarted monitor resolves the incident it opened. */
  dedupKey: string;
}

/** `brownout/<monitor>/<path>`: at most 255 characters, as PagerDuty requires. */
export function dedupKey(monitor: string, path: string): string {
  return `brownout/${monitor}/${path}`.slice(0, 255);
}

/** One line a human reads first. */
export function headline(event: AlertEvent): string {
  const what = `${event.monitor}: path "${event.path}" (${event.provider} ${event.model})`;
  if (event.kind === 'recovery')
    return `RECOVERED ${what} is up again${event.class ? ` after ${event.class}` : ''}`;
  if (event.kind === 'degraded') return `DEGRADED ${what}${event.class ? `: ${event.class}` : ''}`;
  const label = event.kind === 'reminder' ? 'STILL DOWN' : 'DOWN';
  return `${label} ${what}: ${event.class ?? 'failing'}`;
}
