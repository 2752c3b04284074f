import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { writeReports } from '../../src/report/write.ts';
import { loadReport, sampleLoadRun } from '../load/support/sample-load.ts';

/** The load section of the HTML report in real Chromium: the chart draws, offline, without errors. */

let dir: string;
let url: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brownout-e2e-load-'));
  const t = Array.from({ length: 30 }, (_, i) => i);
  const run = sampleLoadRun({
    run: {
      title: '<script>alert(1)</script> storm',
      series: {
        stepS: 1,
        t,
        requests: t.map(() => 10),
        errors: t.map((s) => (s >= 10 && s < 12 ? 3 : 0)),
        fallback: t.map((s) => (s >= 10 && s < 20 ? 9 : 0)),
      },
    },
  });
  url = pathToFileURL((await writeReports(loadReport([run]), dir)).html).href;
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('the load chart draws requests, errors and fallback per second with the phases', async ({ page }) => {
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
  const figure = page.locator('figure[data-load-chart="load-0"]');
  await expect(figure.locator('canvas')).toHaveCount(1);
  await expect(figure.locator('.legend')).toContainText('requests/s');
  await expect(figure.locator('.legend')).toContainText('fault phase');
  const box = await figure.locator('canvas').boundingBox();
  expect(box?.width).toBeGreaterThan(200);
  // The phases table and the escaped title are there; nothing ran.
  await expect(page.locator('#load-0 table').first()).toContainText('recovery');
  await expect(page.locator('#load-0 summary')).toContainText('<script>alert(1)</script> storm');
  // The scenario filters count scenario runs only, not the load run.
  await expect(page.locator('#filter-count')).toHaveText('Showing 0 of 0 scenario runs');
  expect(errors).toEqual([]);
  expect(dialogs).toEqual([]);
});
