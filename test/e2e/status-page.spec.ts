import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { openDatabase } from '../../src/monitor/database.ts';
import { History } from '../../src/monitor/history.ts';
import { initialStatus, type PathStatus } from '../../src/monitor/path-state.ts';
import type { ProbePath } from '../../src/monitor/paths.ts';
import { renderStatusPage } from '../../src/monitor/status-page.ts';
import { buildStatusView } from '../../src/monitor/status-view.ts';
import { createRedactor } from '../../src/report/redact.ts';

/**
 * The monitor's status page in real Chromium, opened from disk: no network, no console error,
 * each path's state, uptime and latency shown, hostile text from a provider inert and visible.
 */

const HOSTILE = `<img src=x onerror="alert(1)"><script>alert(2)</script> sk-live-abcdef1234567890`;
const HOUR = 3_600_000;
let dir: string;
let url: string;

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'brownout-status-'));
  const now = Date.parse('2026-06-30T12:00:00Z');
  const db = openDatabase(':memory:');
  const history = new History(db);
  const ids = ['openai', 'huggingface', 'router', 'failover'];
  for (let h = 0; h < 24; h++) {
    for (const id of ids) {
      const down = (id === 'failover' || id === 'huggingface') && h < 6;
      history.record(
        {
          path: id,
          at: now - h * HOUR - 1000,
          verdict: down ? 'down' : 'up',
          durationMs: 200 + h * 10,
          ...(down ? { class: 'model-missing' as const } : {}),
        },
        false,
      );
    }
  }
  history.transition('failover', 'up', 'down', now - 6 * HOUR, 'model-missing', HOSTILE);
  const paths = ids.map(
    (id): ProbePath => ({
      id,
      kind: id === 'router' ? 'chain' : id === 'failover' ? 'failover' : 'provider',
      provider: id === 'failover' ? 'huggingface' : id === 'router' ? 'openai' : id,
      model: id === 'openai' || id === 'router' ? 'gpt-4o-mini' : 'openai/gpt-oss-20b',
      providers: [],
    }),
  );
  const statusOf = (id: string): PathStatus =>
    id === 'failover' || id === 'huggingface'
      ? { ...initialStatus(now - 6 * HOUR), state: 'down', class: 'model-missing', message: HOSTILE }
      : { ...initialStatus(now - 24 * HOUR), state: 'up' };
  const view = buildStatusView('prod <eu>', paths, statusOf, history, now, createRedactor([]));
  db.close();
  const file = join(dir, 'status.html');
  writeFileSync(file, renderStatusPage(view));
  url = pathToFileURL(file).href;
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('shows every path state, uptime and latency, offline, with no console error', async ({ page }) => {
  const errors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.route('**/*', (route) => {
    const requested = route.request().url();
    if (requested.startsWith('file:')) return route.continue();
    requests.push(requested);
    return route.abort();
  });
  await page.goto(url);

  await expect(page).toHaveTitle('prod <eu>: down');
  await expect(page.locator('#overall')).toHaveText('down');
  const failover = page.locator('[data-path="failover"]');
  await expect(failover).toHaveAttribute('data-state', 'down');
  await expect(failover.locator('.badge')).toHaveText('down');
  // Red: the badge's computed colour is the "down" colour.
  expect(await failover.locator('.badge').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
    'rgb(207, 34, 46)',
  );
  await expect(failover.locator('.class')).toHaveText('model-missing');
  await expect(failover.locator('[data-window="24h"]')).toHaveText('75.00%');
  await expect(page.locator('[data-path="openai"]')).toHaveAttribute('data-state', 'up');
  await expect(page.locator('[data-path="openai"] [data-window="24h"]')).toHaveText('100%');
  await expect(failover.locator('.bar')).toHaveCount(24);
  await expect(failover.locator('.bar.bad')).toHaveCount(6);
  await expect(failover.locator('svg polyline')).toHaveCount(1);
  await expect(page.locator('#incidents tbody tr')).toHaveCount(1);

  // Hostile text from a provider is shown as text, never run; the key in it is redacted.
  await expect(failover.locator('.msg')).toContainText('<img src=x onerror="alert(1)">');
  await expect(page.locator('#incidents')).toContainText('<script>alert(2)</script>');
  expect(await page.content()).not.toContain('sk-live-abcdef1234567890');
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.locator('body script').count()).toBe(0);

  expect(dialogs).toEqual([]);
  expect(requests).toEqual([]);
  expect(errors).toEqual([]);
});

test('declares a Content-Security-Policy that allows no network and no script', async ({ page }) => {
  await page.goto(url);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'none'");
});
