// Alert delivery and policy against local Slack and PagerDuty receivers (real sockets): retries
// with backoff on 429/500, none on 400; reminders; maintenance windows; one summary per cycle.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Alerter, type PathSnapshot } from '../../src/monitor/alerts/alerter.ts';
import { postJson } from '../../src/monitor/alerts/delivery.ts';
import { validateMonitor } from '../../src/monitor/config.ts';
import type { MonitorInput } from '../../src/monitor/config-schema.ts';
import { openDatabase } from '../../src/monitor/database.ts';
import { silentLogger } from '../../src/monitor/log.ts';
import { initialStatus, type PathStatus } from '../../src/monitor/path-state.ts';
import { StateStore } from '../../src/monitor/state-store.ts';
import { createRedactor } from '../../src/report/redact.ts';
import { ROUTING_KEY } from './support/monitor-env.ts';
import { type Receiver, startPagerDuty, startSlack, startWebhook } from './support/receivers.ts';

let slack: Receiver;
let pagerduty: Receiver;
beforeEach(async () => {
  slack = await startSlack();
  pagerduty = await startPagerDuty();
});
afterEach(async () => {
  await Promise.all([slack.close(), pagerduty.close()]);
});

const FAST = { attempts: 4, baseMs: 1, capMs: 5, timeoutMs: 2000 };

describe('postJson', () => {
  it('retries 429 and 500 with backoff, then succeeds', async () => {
    pagerduty.script(429, 500);
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const body = { routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: 'k' };
    const result = await postJson(`${pagerduty.url}/v2/enqueue`, body, { ...FAST, sleep, random: () => 1 });
    expect(result).toMatchObject({ ok: true, attempts: 3, status: 202 });
    expect(pagerduty.received.map((r) => r.status)).toEqual([429, 500, 202]);
    // Retry-After: 0 on the 429 wins over backoff; the 500 waits base * 2^1 (full jitter at 1).
    expect(waits).toEqual([0, 2]);
  });

  it('does not retry a 400 (PagerDuty rejects the event: no retry can fix it)', async () => {
    pagerduty.script(400);
    const result = await postJson(`${pagerduty.url}/v2/enqueue`, { event_action: 'resolve' }, FAST);
    expect(result).toMatchObject({ ok: false, attempts: 1, status: 400, permanent: true });
    expect(pagerduty.received).toHaveLength(1);
  });

  it('gives up after the last attempt when the receiver keeps failing', async () => {
    slack.script(500, 500, 500, 500);
    const result = await postJson(slack.url, { text: 'x' }, FAST);
    expect(result).toMatchObject({ ok: false, attempts: 4, status: 500 });
    expect(result.permanent).toBeUndefined();
  });
});

function setup(alerts: MonitorInput['alerts'] = {}) {
  const env = { SLACK_URL: slack.url, PD_KEY: ROUTING_KEY };
  const config = validateMonitor(
    {
      name: 'alerts',
      providers: [{ type: 'openai', model: 'gpt-4o-mini' }],
      alerts: {
        slack: { webhookUrlEnv: 'SLACK_URL' },
        pagerduty: { routingKeyEnv: 'PD_KEY', url: `${pagerduty.url}/v2/enqueue` },
        delivery: FAST,
        ...alerts,
      },
    },
    'inline',
    env,
  );
  const db = openDatabase(':memory:');
  const store = new StateStore(db);
  const alerter = new Alerter(config, store, silentLogger, createRedactor(config.secrets));
  return { alerter, store, db };
}

function path(id: string, state: PathStatus['state'], extra: Partial<PathStatus> = {}): PathSnapshot {
  return {
    id,
    provider: 'openai',
    model: 'gpt-4o-mini',
    status: { ...initialStatus(1000), state, ...extra },
  };
}

describe('Alerter', () => {
  it('tells each channel once per change, and retries a failed channel on the next cycle only', async () => {
    const { alerter, db } = setup();
    pagerduty.script(500, 500, 500, 500); // PagerDuty is down for the whole first cycle
    const down = [path('openai', 'down', { class: 'auth', message: 'openai answered 401' })];
    const first = await alerter.notify(down, 10_000);
    expect(first.map((s) => [s.channel, s.delivery.ok])).toEqual([
      ['slack', true],
      ['pagerduty', false],
    ]);
    const second = await alerter.notify(down, 20_000);
    expect(second.map((s) => [s.channel, s.delivery.ok])).toEqual([['pagerduty', true]]);
    expect(await alerter.notify(down, 30_000)).toEqual([]);
    expect(slack.accepted()).toHaveLength(1);
    expect(pagerduty.accepted()).toHaveLength(1);
    db.close();
  });

  it('reminds on chat channels while a path stays down, not on PagerDuty', async () => {
    const { alerter, db } = setup({ reminderMinutes: 1 });
    const down = [path('openai', 'down', { class: 'timeout' })];
    await alerter.notify(down, 0);
    await alerter.notify(down, 30_000); // too early
    const reminded = await alerter.notify(down, 61_000);
    expect(reminded.map((s) => [s.channel, s.event.kind])).toEqual([
      ['slack', 'reminder'],
      ['pagerduty', 'reminder'],
    ]);
    expect((slack.accepted() as Array<{ text: string }>).map((m) => m.text.split(' ')[1])).toEqual([
      'DOWN',
      'STILL',
    ]);
    expect(pagerduty.accepted()).toHaveLength(1);
    db.close();
  });

  it('stays silent in a maintenance window, then catches up when it ends', async () => {
    const { alerter, db } = setup({
      maintenance: [{ paths: ['openai'], start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z' }],
    });
    const down = [
      path('openai', 'down', { class: 'unavailable' }),
      path('huggingface', 'down', { class: 'auth' }),
    ];
    const inside = await alerter.notify(down, Date.parse('2026-01-01T00:30:00Z'));
    expect(inside.map((s) => s.event.path)).toEqual(['huggingface', 'huggingface']);
    const after = await alerter.notify(down, Date.parse('2026-01-01T01:00:00Z'));
    expect(after.map((s) => s.event.path)).toEqual(['openai', 'openai']);
    db.close();
  });

  it('sends one Slack summary when many paths change at once, but keeps one PagerDuty event per path', async () => {
    const { alerter, db } = setup({ summaryAbove: 2 });
    const many = ['a', 'b', 'c', 'd'].map((id) => path(id, 'down', { class: 'network' }));
    await alerter.notify(many, 5000);
    expect(slack.accepted()).toHaveLength(1);
    expect((slack.accepted()[0] as { text: string }).text).toContain('4 paths changed state');
    expect(pagerduty.accepted().map((e) => e.dedup_key)).toEqual(
      ['a', 'b', 'c', 'd'].map((p) => `brownout/alerts/${p}`),
    );
    db.close();
  });

  it('pages a degraded path as a warning, and resolves it when it is up again', async () => {
    const { alerter, db } = setup();
    await alerter.notify([path('failover', 'degraded', { class: 'slow', message: 'took 6000 ms' })], 1000);
    await alerter.notify([path('failover', 'up')], 2000);
    const events = pagerduty.accepted() as Array<{
      event_action: string;
      dedup_key: string;
      payload?: { severity: string; class: string };
    }>;
    expect(events.map((e) => [e.event_action, e.dedup_key, e.payload?.severity, e.payload?.class])).toEqual([
      ['trigger', 'brownout/alerts/failover', 'warning', 'slow'],
      ['resolve', 'brownout/alerts/failover', undefined, undefined],
    ]);
    expect((slack.accepted() as Array<{ text: string }>).map((m) => m.text.split(' ')[1])).toEqual([
      'DEGRADED',
      'RECOVERED',
    ]);
    db.close();
  });

  it('posts one JSON webhook per cycle with every event', async () => {
    const webhook = await startWebhook();
    const config = validateMonitor(
      {
        name: 'hooks',
        providers: [{ type: 'openai', model: 'm' }],
        alerts: { webhook: { urlEnv: 'HOOK' }, delivery: FAST },
      },
      'inline',
      { HOOK: `${webhook.url}/brownout` },
    );
    const db = openDatabase(':memory:');
    const alerter = new Alerter(config, new StateStore(db), silentLogger, createRedactor([]));
    try {
      await alerter.notify(
        [path('a', 'down', { class: 'auth' }), path('b', 'down', { class: 'network' })],
        1000,
      );
      const [body] = webhook.accepted() as Array<{
        type: string;
        version: number;
        events: Array<{ path: string; kind: string; class: string; dedupKey: string }>;
      }>;
      expect(webhook.accepted()).toHaveLength(1);
      expect(body?.type).toBe('brownout.monitor.alerts');
      expect(body?.events.map((e) => [e.path, e.kind, e.class, e.dedupKey])).toEqual([
        ['a', 'failure', 'auth', 'brownout/hooks/a'],
        ['b', 'failure', 'network', 'brownout/hooks/b'],
      ]);
    } finally {
      db.close();
      await webhook.close();
    }
  });

  it('redacts secrets from alert text, and the routing key only goes where it belongs', async () => {
    const { alerter, db } = setup();
    const leaky = [
      path('openai', 'down', {
        class: 'auth',
        message: `rejected Authorization: Bearer sk-live-abcdef123456 key ${ROUTING_KEY}`,
      }),
    ];
    await alerter.notify(leaky, 1000);
    const slackText = JSON.stringify(slack.accepted());
    expect(slackText).not.toContain('sk-live-abcdef123456');
    expect(slackText).not.toContain(ROUTING_KEY);
    expect(slackText).toContain('[redacted]');
    const [event] = pagerduty.accepted() as Array<{
      routing_key: string;
      payload: { custom_details: { message: string } };
    }>;
    expect(event?.routing_key).toBe(ROUTING_KEY);
    expect(event?.payload.custom_details.message).not.toContain(ROUTING_KEY);
    db.close();
  });
});
