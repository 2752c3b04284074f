import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { diffReports } from '../../src/report/diff.ts';
import { renderDiffHtml } from '../../src/report/html/diff.ts';
import { renderHtml } from '../../src/report/html/report.ts';
import { writeReports } from '../../src/report/write.ts';
import { sampleReport, XSS } from '../report/support/sample-report.ts';

/**
 * The HTML report in real Chromium, opened from disk: it must work offline, draw its charts,
 * filter, put the failure first, stay inert against hostile strings, and be keyboard usable.
 */

let dir: string;
let reportUrl: string;
let junitXml: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brownout-e2e-'));
  // 3 built-in scenarios (one failing, 2500 requests downsampled to 2000 points) + 30 extra.
  const written = await writeReports(sampleReport({ hostile: true, extraScenarios: 30 }), dir);
  reportUrl = pathToFileURL(written.html).href;
  junitXml = readFileSync(written.junit, 'utf8');
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Watch {
  errors: string[];
  requests: string[];
  dialogs: string[];
}

/** Opens a page from disk with every non-file request blocked and recorded. */
async function open(page: Page, url = reportUrl): Promise<Watch> {
  const watch: Watch = { errors: [], requests: [], dialogs: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') watch.errors.push(msg.text());
  });
  page.on('pageerror', (error) => watch.errors.push(error.message));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (!/^(file|data|blob):/.test(request.url())) watch.requests.push(request.url());
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url)) return route.continue();
    watch.requests.push(url);
    return route.abort();
  });
  await page.goto(url);
  return watch;
}

async function ready(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
}

/** Pixels of a canvas that are not fully transparent. */
function inkedPixels(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d');
    if (!ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) n++;
    return n;
  });
}

const visibleScenarios = (page: Page) => page.locator('details.scenario:not([hidden])');

test('opens from disk with no console error and no network request', async ({ page }) => {
  const watch = await open(page);
  await ready(page);
  await page.locator('details.scenario').nth(3).locator('summary').click();
  await expect(page.locator('details.scenario').nth(3).locator('canvas')).toHaveCount(2);
  expect(watch.errors).toEqual([]);
  expect(watch.requests).toEqual([]);
  expect(watch.dialogs).toEqual([]);
});

test('shows the verdict, then what failed, with the failed scenario first and open', async ({ page }) => {
  await open(page);
  await ready(page);
  await expect(page.locator('h1')).toContainText('FAIL');
  await expect(page.locator('h1')).toContainText('1 of 33 scenario runs failed');
  await expect(page.locator('#what-failed + .failed-list > li')).toHaveCount(1);
  await expect(page.locator('.failed-list')).toContainText(
    'availability: expected at least 99% of requests ok',
  );
  const first = page.locator('details.scenario').first();
  await expect(first).toHaveAttribute('data-verdict', 'fail');
  await expect(first.locator('.sid')).toHaveText('primary-503-burst');
  await expect(first).toHaveAttribute('open', '');
  await expect(page.locator('details.scenario[open]')).toHaveCount(1);
});

test('draws the charts of the open scenario, and of others only when opened', async ({ page }, testInfo) => {
  await open(page);
  await ready(page);
  const failed = page.locator('details.scenario').first();
  await expect(failed.locator('figure[data-chart=timeline] canvas')).toHaveCount(1);
  await expect(failed.locator('figure[data-chart=distribution] canvas')).toHaveCount(1);
  expect(await inkedPixels(page, '#s-1 figure[data-chart=timeline] canvas')).toBeGreaterThan(2000);
  expect(await inkedPixels(page, '#s-1 figure[data-chart=distribution] canvas')).toBeGreaterThan(500);
  await expect(failed.locator('figure[data-chart=timeline] .legend button')).toHaveText([
    /served by openai/,
    /served by huggingface/,
    /failed \(\d+\)/,
    /indeterminate \(\d+\)/,
  ]);
  // Lazy: the 32 closed scenarios have no canvas until opened.
  await expect(page.locator('canvas')).toHaveCount(2);
  const closed = page.locator('details.scenario').nth(2);
  await closed.locator('summary').click();
  await expect(closed.locator('canvas')).toHaveCount(2);
  // A legend toggle hides a series and says so.
  const toggle = failed.locator('figure[data-chart=timeline] .legend button').first();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  // Hovering a point tells what it was.
  const box = (await failed.locator('figure[data-chart=timeline] .u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await expect(failed.locator('.readout')).toContainText(/^t \d+\.\d{3} s · /);
  await testInfo.attach('report-light', {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });
});

test('hostile strings stay text: no dialog, no injected element, nothing run', async ({ page }) => {
  const watch = await open(page);
  await ready(page);
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(page.locator('details.scenario[open]')).toHaveCount(33);
  expect(watch.dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await expect(page.locator('img, svg, iframe, object, embed')).toHaveCount(0);
  await expect(page.locator('script')).toHaveCount(2);
  await expect(page.locator('#s-1 .sid + span')).toHaveText(`Primary 503 burst ${XSS.img}`);
  await expect(page.locator('#s-1 pre.sample').first()).toContainText(XSS.script);
  await expect(page.locator('#s-1 pre.sample').first()).toContainText(XSS.closeJson);
  await expect(page.locator('#s-1 pre.sample').first()).not.toContainText('sk-proj-');
  expect(watch.errors).toEqual([]);
});

test('filters by search, verdict, fault kind and backend', async ({ page }) => {
  await open(page);
  await ready(page);
  const count = page.locator('#filter-count');
  await expect(count).toHaveText('Showing 33 of 33 scenario runs');

  await page.locator('#filter-q').fill('rate-limit storm');
  await expect(visibleScenarios(page)).toHaveCount(1);
  await expect(visibleScenarios(page).locator('.sid')).toHaveText('rate-limit-storm');

  await page.locator('#filter-q').fill('ALL_PROVIDERS_FAILED');
  await expect(visibleScenarios(page).locator('.sid')).toHaveText(['primary-503-burst']);

  await page.getByRole('button', { name: 'Reset' }).click();
  await page.locator('#filter-verdict').selectOption('fail');
  await expect(visibleScenarios(page)).toHaveCount(1);
  await page.locator('#filter-verdict').selectOption('pass');
  await expect(visibleScenarios(page)).toHaveCount(32);
  await expect(count).toHaveText('Showing 32 of 33 scenario runs');

  await page.locator('#filter-verdict').selectOption('all');
  await page.locator('#filter-fault').selectOption('http-error');
  await expect(visibleScenarios(page).locator('.sid')).toHaveText(['primary-503-burst']);
  await page.locator('#filter-fault').selectOption('latency');
  await expect(visibleScenarios(page).locator('.sid')).toHaveText(['rate-limit-storm']);

  await page.locator('#filter-fault').selectOption('all');
  await page.locator('#filter-backend').selectOption('server');
  await expect(visibleScenarios(page)).toHaveCount(15);

  await page.locator('#filter-q').fill('no such scenario anywhere');
  await expect(visibleScenarios(page)).toHaveCount(0);
  await expect(page.locator('#filter-empty')).toBeVisible();
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(visibleScenarios(page)).toHaveCount(33);
});

test('is usable from the keyboard: Tab reaches the filters with a visible focus ring, / focuses search', async ({
  page,
}) => {
  await open(page);
  await ready(page);
  const reached: string[] = [];
  for (let i = 0; i < 12 && !reached.includes('filter-verdict'); i++) {
    await page.keyboard.press('Tab');
    reached.push(
      await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || ''),
    );
  }
  expect(reached).toContain('filter-q');
  expect(reached).toContain('filter-verdict');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
  expect(outline).not.toBe('none');

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(page.locator('#filter-q')).toBeFocused();

  // A scenario opens from the keyboard, and its charts are drawn.
  const summary = page.locator('details.scenario').nth(1).locator('summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('details.scenario').nth(1).locator('canvas')).toHaveCount(2);
  // The skip link is the first stop.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Tab');
  await expect(page.locator('a.skip')).toBeFocused();
});

test('follows a dark colour scheme, charts included', async ({ page }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await open(page);
  await ready(page);
  const light = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(dark).not.toBe(light);
  expect(dark).toBe('rgb(13, 17, 23)');
  await expect(page.locator('#s-1 canvas')).toHaveCount(2);
  expect(await inkedPixels(page, '#s-1 figure[data-chart=timeline] canvas')).toBeGreaterThan(2000);
  await testInfo.attach('report-dark', { body: await page.screenshot(), contentType: 'image/png' });
});

test('a link to a scenario opens it', async ({ page }) => {
  await open(page);
  await ready(page);
  await page.locator('.failed-list a').first().click();
  await expect(page.locator('#s-1')).toHaveAttribute('open', '');
  await page.goto(`${reportUrl}#s-5`);
  await ready(page);
  await expect(page.locator('#s-5')).toHaveAttribute('open', '');
  await expect(page.locator('#s-5 canvas')).toHaveCount(2);
});

test('a report with a payload in every field and no failure still renders cleanly', async ({ page }) => {
  const report = sampleReport({ hostile: true });
  report.scenarios = report.scenarios.filter((s) => s.verdict === 'pass');
  report.scenarios[0]!.title = XSS.closeJson;
  report.scenarios[0]!.id = XSS.img;
  report.summary = { scenarios: 2, passed: 2, failed: 0 };
  const file = join(dir, 'passing.html');
  writeFileSync(file, renderHtml(report));
  const watch = await open(page, pathToFileURL(file).href);
  await ready(page);
  await expect(page.locator('h1')).toContainText('PASS');
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(page.locator('canvas')).toHaveCount(4);
  expect(watch).toEqual({ errors: [], requests: [], dialogs: [] });
  await expect(page.locator('img')).toHaveCount(0);
});

test('the diff page opens cleanly and the JUnit XML is well-formed', async ({ page }) => {
  const base = sampleReport();
  const head = sampleReport({ hostile: true });
  head.scenarios[0]!.verdict = 'fail';
  head.scenarios[0]!.checks[0] = {
    ...head.scenarios[0]!.checks[0]!,
    verdict: 'fail',
    message: `now ${XSS.img}`,
  };
  const file = join(dir, 'diff.html');
  writeFileSync(file, renderDiffHtml(diffReports(base, head)));
  const watch = await open(page, pathToFileURL(file).href);
  await expect(page.locator('h1')).toContainText('REGRESSED');
  await expect(page.locator('details.scenario').first().locator('.sid')).toHaveText('baseline');
  await expect(page.locator('img, script')).toHaveCount(0);
  expect(watch).toEqual({ errors: [], requests: [], dialogs: [] });

  const parsed = await page.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      testcases: doc.querySelectorAll('testsuite > testcase').length,
      failures: doc.querySelectorAll('testcase > failure').length,
    };
  }, junitXml);
  expect(parsed.error).toBeNull();
  expect(parsed.testcases).toBe(33);
  expect(parsed.failures).toBe(2);
});
