// /metrics as Prometheus exposition text (parsed, not grepped), the SQLite history with its
// retention and 24h/7d/30d uptime, and JSON-lines logs without secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/monitor/database.ts';
import { History } from '../../src/monitor/history.ts';
import { jsonLogger } from '../../src/monitor/log.ts';
import { serveMonitor } from '../../src/monitor/server.ts';
import { createRedactor } from '../../src/report/redact.ts';
import { type MonitorWorld, startWorld } from './support/monitor-env.ts';
import { parsePrometheus } from './support/prometheus.ts';

let world: MonitorWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

describe('/metrics', () => {
  it('is valid exposition text with the documented names and bounded labels', async () => {
    const monitor = world.monitor(world.config({ history: { file: ':memory:' }, alerts: {} }));
    world.faults([{ kind: 'auth', target: 'openai', status: 401 }]);
    await monitor.runCycle();
    world.faults([]);
    await monitor.runCycle();
    const served = await serveMonitor(monitor, 0, '127.0.0.1');
    try {
      const response = await fetch(`${served.url}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const byName = parsePrometheus(await response.text());
      expect([...byName.keys()].filter((n) => n.startsWith('brownout_')).sort()).toEqual([
        'brownout_alert_deliveries_total',
        'brownout_build_info',
        'brownout_hf_model_available',
        'brownout_monitor_last_cycle_timestamp_seconds',
        'brownout_path_state',
        'brownout_probe_duration_seconds',
        'brownout_probe_failures_total',
        'brownout_probe_success',
        'brownout_probe_ttft_seconds',
      ]);
      expect(byName.get('brownout_probe_duration_seconds')?.type).toBe('histogram');
      expect(byName.get('brownout_probe_failures_total')?.type).toBe('counter');
      const series = (family: string, name: string, path: string) =>
        byName.get(family)?.samples.find((s) => s.name === name && s.labels.path === path)?.value;
      expect(
        series('brownout_probe_duration_seconds', 'brownout_probe_duration_seconds_count', 'router'),
      ).toBe(2);
      expect(
        series('brownout_probe_duration_seconds', 'brownout_probe_duration_seconds_sum', 'router'),
      ).toBeGreaterThan(0);
      const failures = byName.get('brownout_probe_failures_total')?.samples ?? [];
      expect(failures.map((m) => [m.labels.path, m.labels.class, m.value])).toEqual([['openai', 'auth', 1]]);
      expect(series('brownout_probe_success', 'brownout_probe_success', 'openai')).toBe(1);
      const state = byName.get('brownout_path_state')?.samples.filter((m) => m.value === 1) ?? [];
      expect(Object.fromEntries(state.map((m) => [m.labels.path, m.labels.state]))).toEqual({
        openai: 'up',
        huggingface: 'up',
        router: 'up',
        failover: 'up',
      });
      // Low cardinality: only configured names, classes, states and versions as label values.
      const labelNames = new Set(
        [...byName.values()].flatMap((f) => f.samples.flatMap((m) => Object.keys(m.labels))),
      );
      expect([...labelNames].sort()).toEqual([
        'class',
        'le',
        'model',
        'monitor',
        'node',
        'path',
        'provider',
        'state',
        'version',
      ]);
      expect(byName.get('brownout_build_info')?.samples[0]?.value).toBe(1);
      const page = await fetch(`${served.url}/`);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await page.text()).toMatch(/data-path="openai" data-state="up"/);
      const status = (await (await fetch(`${served.url}/status.json`)).json()) as {
        paths: Array<{ id: string; uptime: Record<string, number> }>;
      };
      expect(status.paths.find((p) => p.id === 'openai')?.uptime['24h']).toBe(0.5);
      expect((await fetch(`${served.url}/nope`)).status).toBe(404);
    } finally {
      await served.close();
    }
  });
});

describe('History', () => {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const now = Date.parse('2026-06-30T12:00:00Z');

  it('computes uptime over 24h, 7d and 30d, leaves maintenance out, and prunes past retention', () => {
    const db = openDatabase(':memory:');
    const history = new History(db);
    const probe = (agoMs: number, verdict: 'up' | 'down' | 'degraded', maintenance = false) =>
      history.record({ path: 'p', at: now - agoMs, verdict, durationMs: 100 }, maintenance);
    for (let h = 0; h < 24; h++) probe(h * HOUR + 1, h < 6 ? 'down' : 'up'); // 18/24 in the last day
    for (let d = 1; d < 7; d++) probe(d * DAY + HOUR, 'degraded'); // counts as up
    probe(20 * DAY, 'down');
    probe(2 * HOUR + 5, 'down', true); // in maintenance: not counted
    probe(40 * DAY, 'up'); // beyond retention
    expect(history.uptime('p', DAY, now)).toBeCloseTo(18 / 24);
    expect(history.uptime('p', 7 * DAY, now)).toBeCloseTo(24 / 30);
    expect(history.uptime('p', 30 * DAY, now)).toBeCloseTo(24 / 31);
    expect(history.uptime('other', DAY, now)).toBeNull();
    const bars = history.buckets('p', HOUR, 24, now);
    expect(bars).toHaveLength(24);
    expect(bars.slice(-6).map((b) => b.ratio)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(bars[0]?.ratio).toBe(1);
    expect(history.prune(30 * DAY, now)).toBe(1);
    expect(history.uptime('p', 60 * DAY, now)).toBeCloseTo(24 / 31);
    db.close();
  });
});

describe('jsonLogger', () => {
  it('writes one JSON object per line with secrets redacted', () => {
    const lines: string[] = [];
    const log = jsonLogger(
      createRedactor(['my-very-secret-value']),
      { write: (l) => lines.push(l) },
      () => 0,
    );
    log.write('warn', 'probe', {
      path: 'openai',
      message: 'rejected my-very-secret-value, Authorization: Bearer sk-abcdef1234567',
      skipped: undefined,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    const parsed = JSON.parse(lines[0] as string);
    expect(parsed).toMatchObject({
      ts: '1970-01-01T00:00:00.000Z',
      level: 'warn',
      event: 'probe',
      path: 'openai',
    });
    expect(parsed.message).not.toContain('my-very-secret-value');
    expect(parsed.message).not.toContain('sk-abcdef1234567');
    expect('skipped' in parsed).toBe(false);
  });
});
