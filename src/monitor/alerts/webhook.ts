import type { AlertEvent } from './event.ts';

/** The generic JSON webhook: the event as it is, under a stable type name. */
export function webhookBody(events: readonly AlertEvent[]): object {
  return { type: 'brownout.monitor.alerts', version: 1, events };
}
