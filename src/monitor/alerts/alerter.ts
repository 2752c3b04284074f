import { type Redactor, redactDeep } from '../../report/redact.ts';
import type { MonitorConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { PathStatus } from '../path-state.ts';
import type { Notified, StateStore } from '../state-store.ts';
import { type DeliveryOptions, type DeliveryResult, postJson } from './delivery.ts';
import { type AlertEvent, type AlertKind, dedupKey } from './event.ts';
import { inMaintenance } from './maintenance.ts';
import { pagerDutyEvent } from './pagerduty.ts';
import { slackMessage, slackSummary } from './slack.ts';
import { webhookBody } from './webhook.ts';

export interface PathSnapshot {
  id: string;
  provider: string;
  model: string;
  status: PathStatus;
}

export interface SentAlert {
  channel: string;
  event: AlertEvent;
  delivery: DeliveryResult;
}

type ChannelName = 'slack' | 'pagerduty' | 'webhook';

/**
 * Decides and delivers alerts. Each channel keeps what it was last told per path (in SQLite);
 * every cycle, a path whose state differs from what a channel believes is notified, so a failed
 * delivery is tried again next cycle, a restart changes nothing, and a maintenance window only
 * delays the notice. Many changes in one cycle reach chat channels as one summary.
 */
export class Alerter {
  constructor(
    private readonly config: MonitorConfig,
    private readonly store: StateStore,
    private readonly log: Logger,
    private readonly redactor: Redactor,
    private readonly onDelivery: (channel: string, ok: boolean) => void = () => {},
    private readonly delivery: Partial<DeliveryOptions> = {},
  ) {}

  get channels(): ChannelName[] {
    const a = this.config.alerts;
    return [
      ...(a.slack ? ['slack' as const] : []),
      ...(a.pagerduty ? ['pagerduty' as const] : []),
      ...(a.webhook ? ['webhook' as const] : []),
    ];
  }

  /** The events a channel owes, given each path's state now. */
  due(channel: string, paths: readonly PathSnapshot[], now: number): AlertEvent[] {
    const events: AlertEvent[] = [];
    for (const p of paths) {
      const { state } = p.status;
      if (state === 'unknown') continue;
      if (inMaintenance(this.config.alerts.maintenance, p.id, now)) continue;
      const told = this.store.notified(p.id, channel);
      let kind: AlertKind | undefined;
      if (state !== told.notified)
        kind = state === 'down' ? 'failure' : state === 'degraded' ? 'degraded' : 'recovery';
      else if (
        state === 'down' &&
        this.config.alerts.reminderMs > 0 &&
        now - told.notifiedAt >= this.config.alerts.reminderMs
      )
        kind = 'reminder';
      if (!kind) continue;
      const cls = p.status.class ?? (kind === 'recovery' ? (told.class ?? undefined) : undefined);
      events.push(
        redactDeep(
          {
            kind,
            monitor: this.config.name,
            source: this.config.source,
            path: p.id,
            provider: p.provider,
            model: p.model,
            state,
            previous: told.notified,
            ...(cls ? { class: cls } : {}),
            ...(p.status.message && state !== 'up' ? { message: p.status.message } : {}),
            since: p.status.since,
            at: now,
            dedupKey: dedupKey(this.config.name, p.id),
          },
          this.redactor,
        ),
      );
    }
    return events;
  }

  /** Sends what every channel owes; returns each delivery. */
  async notify(paths: readonly PathSnapshot[], now: number): Promise<SentAlert[]> {
    const sent = await Promise.all(this.channels.map((channel) => this.#notifyChannel(channel, paths, now)));
    return sent.flat();
  }

  async #notifyChannel(
    channel: ChannelName,
    paths: readonly PathSnapshot[],
    now: number,
  ): Promise<SentAlert[]> {
    const events = this.due(channel, paths, now);
    if (events.length === 0) return [];
    const a = this.config.alerts;
    const options: DeliveryOptions = { ...a.delivery, ...this.delivery };
    const out: SentAlert[] = [];
    const settle = (batch: AlertEvent[], delivery: DeliveryResult) => {
      for (const event of batch) {
        out.push({ channel, event, delivery });
        this.log.write(delivery.ok ? 'info' : 'error', delivery.ok ? 'alert.delivered' : 'alert.failed', {
          channel,
          kind: event.kind,
          path: event.path,
          class: event.class,
          dedupKey: event.dedupKey,
          attempts: delivery.attempts,
          status: delivery.status,
          error: delivery.error,
        });
        if (delivery.ok) this.store.saveNotified(event.path, channel, toNotified(event, now));
      }
      this.onDelivery(channel, delivery.ok);
    };
    if (channel === 'pagerduty' && a.pagerduty) {
      for (const event of events) {
        const body = pagerDutyEvent(event, a.pagerduty.routingKey, a.pagerduty.severity);
        // Reminders are not sent to PagerDuty; the reminder clock still moves on.
        const delivery = body ? await postJson(a.pagerduty.url, body, options) : { ok: true, attempts: 0 };
        settle([event], delivery);
      }
    } else if (channel === 'slack' && a.slack) {
      if (events.length > a.summaryAbove)
        settle(events, await postJson(a.slack.webhookUrl, slackSummary(events), options));
      else
        for (const event of events)
          settle([event], await postJson(a.slack.webhookUrl, slackMessage(event), options));
    } else if (channel === 'webhook' && a.webhook) {
      settle(events, await postJson(a.webhook.url, webhookBody(events), options));
    }
    return out;
  }
}

function toNotified(event: AlertEvent, now: number): Notified {
  return { notified: event.state, class: event.class ?? null, notifiedAt: now };
}
