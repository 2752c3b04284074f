import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidReportError } from '../../src/report/json.ts';
import { readReportFile } from '../../src/report/schema.ts';
import { writeReports } from '../../src/report/write.ts';
import { sampleReport } from './support/sample-report.ts';

describe('writeReports', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brownout-report-'));
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes JSON (valid against the schema), HTML, JUnit and Markdown, and returns their paths', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', '');
    const out = join(dir, 'nested', 'reports');
    const written = await writeReports(sampleReport(), out);
    expect(written).toEqual({
      json: join(out, 'resilience-report.json'),
      html: join(out, 'resilience-report.html'),
      junit: join(out, 'junit.xml'),
      markdown: join(out, 'resilience-report.md'),
    });
    const report = await readReportFile(written.json);
    expect(report.summary).toEqual({ scenarios: 3, passed: 2, failed: 1 });
    expect(report.scenarios[0]?.stats.failoverLatencyMs.p95).toBeNull();
    expect(await readFile(written.html, 'utf8')).toMatch(/^<!doctype html>/);
    expect(await readFile(written.junit, 'utf8')).toMatch(/^<\?xml/);
    expect(await readFile(written.markdown, 'utf8')).toMatch(/^## ❌ brownout FAIL/);
  });

  it('appends the Markdown to $GITHUB_STEP_SUMMARY when it is set', async () => {
    const summary = join(dir, 'step-summary.md');
    await writeFile(summary, '# earlier step\n');
    vi.stubEnv('GITHUB_STEP_SUMMARY', summary);
    await writeReports(sampleReport(), join(dir, 'out'));
    const text = await readFile(summary, 'utf8');
    expect(text.startsWith('# earlier step\n## ❌ brownout FAIL: 1 of 3 scenario runs failed')).toBe(true);
  });

  it('redacts secrets from the environment in every file', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', '');
    vi.stubEnv('ACME_GATEWAY_KEY', 'acme-live-0123456789');
    const report = sampleReport();
    report.scenarios[1]!.checks[0]!.message = 'the gateway echoed acme-live-0123456789 back';
    report.scenarios[1]!.errors[0]!.sample = 'upstream said: key acme-live-0123456789 is invalid';
    const written = await writeReports(report, dir);
    for (const file of Object.values(written)) {
      const text = await readFile(file, 'utf8');
      expect(text, file).not.toContain('acme-live-0123456789');
      expect(text, file).toMatch(/\\?\[redacted\\?\]/);
    }
  });

  it('throws on a report that does not match its schema, and writes nothing', async () => {
    const report = sampleReport();
    (report.scenarios[0] as { verdict: string }).verdict = 'maybe';
    const out = join(dir, 'bad');
    await expect(writeReports(report, out)).rejects.toBeInstanceOf(InvalidReportError);
    await expect(writeReports(report, out)).rejects.toThrow(
      /\/scenarios\/0\/verdict.*This is a bug in brownout/,
    );
    expect(existsSync(out)).toBe(false);
  });
});
