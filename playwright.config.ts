import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the HTML report (test/e2e). Debian's Chromium where it is installed
 * (`apt-get install -y chromium`), or the browser BROWNOUT_CHROMIUM names, with the flags
 * these machines need; Playwright's own Chromium otherwise (`npx playwright install chromium`).
 */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const executablePath =
  process.env.BROWNOUT_CHROMIUM || (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  timeout: 30_000,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'reports/e2e.json' }]] : [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 900 },
    launchOptions: executablePath ? { executablePath, args: FLAGS } : {},
    screenshot: 'only-on-failure',
  },
});
