import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { writeReports } from '../../src/report/write.ts';
import { buildScorecard } from '../../src/scorecard/build.ts';
import { writeScorecard } from '../../src/scorecard/write.ts';
import { sampleReport, XSS } from '../report/support/sample-report.ts';

/**
 * The scorecard in real Chromium, opened from disk with its runs' reports beside it: it must work
 * offline, show every scenario × system cell, lead each cell to that run's report, and stay inert
 * against hostile names and titles.
 */

let dir: string;
let scorecardUrl: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brownout-e2e-scorecard-'));
  const hostile = sampleReport({ hostile: true });
  const calm = sampleReport();
  await writeReports(hostile, join(dir, 'runs', 'reference'));
  await writeReports(calm, join(dir, 'runs', 'gateway'));
  const base = { versions: {}, exitCode: 1, kind: 'target' as const };
  const card = buildScorecard(
    [
      {
        system: {
          ...base,
          id: 'reference',
          name: `reference ${XSS.script}`,
          kind: 'reference',
          spec: '',
          command: 'brownout run --out runs/reference',
          outDir: 'runs/reference',
        },
        report: hostile,
        reportHref: 'runs/reference/resilience-report.html',
      },
      {
        system: {
          ...base,
          id: 'gateway',
          name: `gateway ${XSS.img}`,
          spec: 'http://127.0.0.1:4000',
          command: `brownout run --target http://127.0.0.1:4000 ${XSS.svg}`,
          outDir: 'runs/gateway',
        },
        report: { ...calm, scenarios: calm.scenarios.slice(0, 2) },
        reportHref: 'runs/gateway/resilience-report.html',
      },
    ],
    {
      seed: 1,
      version: '0.1.0',
      createdAt: '2026-11-30T12:00:00.000Z',
      durationMs: 1000,
      scenarioFiles: [],
      environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2, command: 'brownout scorecard' },
    },
  );
  const written = await writeScorecard(card, dir);
  scorecardUrl = pathToFileURL(written.html).href;
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a page from disk with every non-file request blocked and recorded. */
async function open(page: Page): Promise<{ errors: string[]; requests: string[] }> {
  const watch = { errors: [] as string[], requests: [] as string[] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') watch.errors.push(msg.text());
  });
  page.on('pageerror', (error) => watch.errors.push(error.message));
  page.on('dialog', (dialog) => {
    watch.errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url)) return route.continue();
    watch.requests.push(url);
    return route.abort();
  });
  await page.goto(scorecardUrl);
  return watch;
}

test('shows every scenario × system cell and a summary per system, offline and inert', async ({ page }) => {
  const watch = await open(page);
  const grid = page.locator('table.scorecard');
  await expect(grid.locator('thead th')).toHaveText([
    'scenario',
    `reference ${XSS.script}`,
    `gateway ${XSS.img}`,
  ]);
  // Three scenarios in the hostile report; the gateway ran two of them.
  await expect(grid.locator('tbody tr[data-scenario]')).toHaveCount(3);
  await expect(grid.locator('td.cell')).toHaveCount(6);
  await expect(grid.locator('td.cell[data-result="not-run"]')).toHaveCount(1);
  await expect(grid.locator('td.cell[data-result="fail"]')).toHaveCount(2);
  await expect(grid.locator('tr.summary td').first()).toContainText('2 pass · 0 degraded · 0 safe · 1 fail');
  // Reports without grades: every result is a verdict, and the page says so.
  await expect(page.locator('#verdict-note')).toBeVisible();
  await expect(page.locator('#systems')).toContainText(XSS.svg);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(watch.requests).toEqual([]);
  expect(watch.errors).toEqual([]);
});

test('a cell leads to that scenario in the run’s own report, by keyboard too', async ({ page }) => {
  await open(page);
  const cell = page.locator('tr[data-scenario="primary-503-burst"] td[data-system="gateway"] a');
  await expect(cell).toHaveAttribute('href', 'runs/gateway/resilience-report.html#s-1');
  await cell.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/runs\/gateway\/resilience-report\.html#s-1$/);
  await expect(page.locator('details.scenario#s-1 .sid')).toHaveText('primary-503-burst');
});
