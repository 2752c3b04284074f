import { type AlertEvent, headline } from './event.ts';

export type Severity = 'critical' | 'error' | 'warning' | 'info';

/**
 * A PagerDuty Events API v2 event: trigger on failure (or degraded, as a warning), resolve on
 * recovery, with the same `dedup_key` per monitor and path. Reminders are not sent (PagerDuty
 * escalates on its own).
 */
export function pagerDutyEvent(
  event: AlertEvent,
  routingKey: string,
  severity: Severity,
): object | undefined {
  if (event.kind === 'reminder') return undefined;
  if (event.kind === 'recovery')
    return { routing_key: routingKey, event_action: 'resolve', dedup_key: event.dedupKey };
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: event.dedupKey,
    payload: {
      summary: headline(event).slice(0, 1024),
      source: event.source,
      severity: event.kind === 'degraded' ? 'warning' : severity,
      timestamp: new Date(event.since).toISOString(),
      component: event.path,
      group: event.monitor,
      class: event.class ?? 'unknown',
      custom_details: {
        path: event.path,
        provider: event.provider,
        model: event.model,
        state: event.state,
        previous: event.previous,
        message: event.message ?? null,
      },
    },
  };
}
