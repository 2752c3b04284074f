// The "Done when": the fallback breaks (repo missing) while the primary is healthy; Slack
// and PagerDuty get alerts naming the fallback path and `model-missing`, the status page shows it
// red, `brownout_probe_success` is 0 for it; restored, exactly one resolve per incident. A restart
// in the middle of the incident resolves the same PagerDuty incident (same dedup_key).

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateMonitor } from '../../src/monitor/config.ts';
import { serveMonitor } from '../../src/monitor/server.ts';
import { type MonitorWorld, startWorld } from './support/monitor-env.ts';
import { parsePrometheus } from './support/prometheus.ts';
import { readmeMonitor } from './support/readme-example.ts';

let world: MonitorWorld;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

const REPO_MISSING = [{ kind: 'model-missing', target: 'huggingface' }];

function pdEvents(world: MonitorWorld) {
  return world.pagerduty.accepted() as Array<{
    event_action: string;
    dedup_key: string;
    payload?: Record<string, unknown>;
  }>;
}

describe('the fallback breaks while the primary is healthy', () => {
  it('with the README example: alerts on Slack and PagerDuty with the path and class, shows it red, exports 0, and resolves once', async () => {
    // The README's file as a user saves it, pointed at this fault server; PagerDuty's URL is the
    // local receiver instead of events.pagerduty.com, and the history goes to a temp folder.
    const input = readmeMonitor(world.server.url) as {
      alerts: { pagerduty: Record<string, unknown> };
      history: Record<string, unknown>;
    };
    input.alerts.pagerduty.url = `${world.pagerduty.url}/v2/enqueue`;
    input.history.file = join(world.dir, 'readme.db');
    const env = { ...world.env, OPENAI_API_KEY: 'sk-anything-123', HF_TOKEN: 'hf_anything123' };
    const monitor = world.monitor(validateMonitor(input, 'README.md', env), {
      env,
      delivery: { baseMs: 1, capMs: 5 },
    });
    const healthy = await monitor.runCycle();
    expect(healthy.paths.map((p) => [p.id, p.status.state])).toEqual([
      ['openai', 'up'],
      ['huggingface', 'up'],
      ['router', 'up'],
      ['failover', 'up'],
    ]);
    expect(healthy.alerts).toEqual([]);

    world.faults(REPO_MISSING);
    const broken = await monitor.runCycle();
    expect(broken.exitCode).toBe(1);
    const state = Object.fromEntries(broken.paths.map((p) => [p.id, [p.status.state, p.result.class]]));
    expect(state).toEqual({
      openai: ['up', undefined],
      huggingface: ['down', 'model-missing'],
      router: ['up', undefined],
      failover: ['down', 'model-missing'],
    });

    const triggers = pdEvents(world).filter((e) => e.event_action === 'trigger');
    expect(triggers.map((e) => e.dedup_key).sort()).toEqual([
      'brownout/chat-failover/failover',
      'brownout/chat-failover/huggingface',
    ]);
    for (const t of triggers) {
      expect(t.payload).toMatchObject({
        class: 'model-missing',
        source: 'eu-west-1',
        severity: 'critical',
      });
      expect(String(t.payload?.summary)).toContain('model-missing');
    }
    const slack = world.slack.accepted() as Array<{ text: string }>;
    expect(slack).toHaveLength(2);
    expect(slack.some((m) => m.text.includes('"failover"') && m.text.includes('model-missing'))).toBe(true);
    expect(world.slack.received.every((r) => r.problems.length === 0)).toBe(true);
    expect(world.pagerduty.received.every((r) => r.problems.length === 0)).toBe(true);

    // The status page and /metrics, served by the monitor.
    const served = await serveMonitor(monitor, 0, '127.0.0.1');
    try {
      const page = await (await fetch(`${served.url}/`)).text();
      expect(page).toMatch(/data-path="failover" data-state="down"/);
      expect(page).toMatch(/data-path="openai" data-state="up"/);
      const metrics = parsePrometheus(await (await fetch(`${served.url}/metrics`)).text());
      const success = metrics.get('brownout_probe_success')?.samples ?? [];
      const value = (path: string) => success.find((s) => s.labels.path === path)?.value;
      expect(value('failover')).toBe(0);
      expect(value('huggingface')).toBe(0);
      expect(value('openai')).toBe(1);
    } finally {
      await served.close();
    }

    // Still broken: no new alert (no storm, no duplicate).
    await monitor.runCycle();
    expect(pdEvents(world).filter((e) => e.event_action === 'trigger')).toHaveLength(2);

    world.faults([]);
    const restored = await monitor.runCycle();
    expect(restored.exitCode).toBe(0);
    await monitor.runCycle();
    const resolves = pdEvents(world).filter((e) => e.event_action === 'resolve');
    expect(resolves.map((e) => e.dedup_key).sort()).toEqual([
      'brownout/chat-failover/failover',
      'brownout/chat-failover/huggingface',
    ]);
    const recovered = (world.slack.accepted() as Array<{ text: string }>).filter((m) =>
      m.text.includes('RECOVERED'),
    );
    expect(recovered).toHaveLength(2);
  });

  it('a monitor restarted mid-incident resolves the same PagerDuty incident and opens no new one', async () => {
    const config = world.config();
    const first = world.monitor(config);
    await first.runCycle();
    world.faults(REPO_MISSING);
    await first.runCycle();
    const opened = pdEvents(world).filter((e) => e.event_action === 'trigger');
    expect(opened.map((e) => e.dedup_key)).toContain('brownout/test-monitor/failover');
    await first.close();

    const second = world.monitor(config); // same SQLite file
    const stillDown = await second.runCycle();
    expect(stillDown.paths.find((p) => p.id === 'failover')?.status.state).toBe('down');
    expect(pdEvents(world).filter((e) => e.event_action === 'trigger')).toHaveLength(opened.length);

    world.faults([]);
    await second.runCycle();
    const resolves = pdEvents(world).filter((e) => e.event_action === 'resolve');
    expect(resolves.map((e) => e.dedup_key).sort()).toEqual(opened.map((e) => e.dedup_key).sort());
  });
});
