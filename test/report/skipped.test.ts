import { describe, expect, it } from 'vitest';
import { printSummary } from '../../src/cli/summary.ts';
import { renderHtml } from '../../src/report/html/report.ts';
import { renderJUnit } from '../../src/report/junit.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import type { RunReport } from '../../src/report/model.ts';
import { reportSchemaErrors } from '../../src/report/schema.ts';
import { defaultBackendsFor, startBackend, unsupportedReason } from '../../src/scenario/backends.ts';
import { runSuite } from '../../src/scenario/run-suite.ts';
import { builtIn } from '../scenario/support/run.ts';
import { sampleReport } from './support/sample-report.ts';

function printed(report: RunReport): string {
  let out = '';
  printSummary(report, {
    write: (text: string) => {
      out += text;
      return true;
    },
  } as NodeJS.WritableStream);
  return out;
}

const skippedRun = (report: RunReport): RunReport => ({
  ...report,
  skipped: [{ id: 'dns-failure', backend: 'server', reason: 'cannot produce network:dns' }],
  summary: { ...report.summary, skipped: 1 },
});

describe('skipped scenario runs are counted, and a run that ran nothing is no pass', () => {
  it('runSuite counts the skipped runs in the summary', async () => {
    const report = await runSuite([await builtIn('dns-failure')], {
      seed: 1,
      backend: 'server',
      startBackend: (backend, seed, providers) => startBackend(backend, seed, { providers }),
      defaultBackends: defaultBackendsFor,
      unsupported: unsupportedReason,
      replayCommand: () => 'replay',
      command: 'test',
    });
    expect(report.summary).toEqual({ scenarios: 0, passed: 0, failed: 0, skipped: 1, grades: {} });
    expect(reportSchemaErrors(JSON.parse(JSON.stringify(report)))).toEqual([]);
  });

  it('the printed summary says nothing ran, with the skipped count, never PASS', () => {
    const empty: RunReport = skippedRun({
      ...sampleReport(),
      scenarios: [],
      summary: { scenarios: 0, passed: 0, failed: 0 },
    });
    const text = printed(empty);
    expect(text).not.toContain('PASS');
    expect(text).toContain('FAIL: no scenario ran, 1 skipped');
  });

  it('a partly skipped run says how many were skipped, in the summary and every report', () => {
    const base = sampleReport();
    const passing = skippedRun({
      ...base,
      scenarios: base.scenarios.filter((s) => s.verdict === 'pass'),
      summary: { scenarios: 2, passed: 2, failed: 0 },
    });
    expect(printed(passing)).toContain('PASS: 2 of 2 scenario runs passed, 0 failed, 1 skipped');
    expect(renderMarkdown(passing)).toContain('1 skipped');
    expect(renderHtml(passing)).toContain('skipped');
    expect(renderHtml(passing)).toContain('cannot produce network:dns');
    const junit = renderJUnit(passing);
    expect(junit).toContain('skipped="1"');
    expect(junit).toMatch(/<skipped message="cannot produce network:dns"\s*\/>/);
  });
});
