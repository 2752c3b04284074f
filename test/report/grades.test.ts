/** Grades, check levels, not-applicable checks and the upstream summary, in every renderer and the diff. */
import { describe, expect, it } from 'vitest';
import { diffReports } from '../../src/report/diff.ts';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.ts';
import { renderHtml } from '../../src/report/html/report.ts';
import { renderJUnit } from '../../src/report/junit.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import type { RunReport } from '../../src/report/model.ts';
import { reportSchemaErrors } from '../../src/report/schema.ts';
import { sampleReport } from './support/sample-report.ts';

function graded(): RunReport {
  const report = sampleReport();
  const [baseline, failing, other] = report.scenarios;
  baseline!.grade = 'pass';
  baseline!.ideal = 'pass';
  failing!.grade = 'fail';
  failing!.gradeReason = 'required check failed: availability';
  other!.grade = 'degraded';
  other!.gradeReason = 'advisory check failed: stream-gaps';
  other!.notSent = 4;
  other!.attemptSource = 'upstream';
  other!.checks.push(
    {
      id: 'stream-gaps',
      verdict: 'fail',
      level: 'advisory',
      measured: 2500,
      threshold: 1000,
      message: 'a stall of 2500 ms',
    },
    {
      id: 'provider-probe',
      verdict: 'not-applicable',
      level: 'required',
      measured: null,
      threshold: null,
      message: 'not applicable: no probe',
    },
  );
  other!.upstream = {
    attempts: 3,
    untagged: 1,
    dropped: 0,
    byProvider: { openai: { attempts: 2, failed: 1 }, huggingface: { attempts: 1, failed: 0 } },
    requests: [
      {
        index: 0,
        attempts: [
          {
            provider: 'openai',
            seq: 1,
            startMs: 1,
            endMs: 5,
            status: 429,
            end: 'complete',
            fault: 'rate-limit',
            waitMs: 1000,
          },
          { provider: 'huggingface', seq: 2, startMs: 6, endMs: null, status: null, end: 'hang' },
        ],
      },
    ],
    omitted: 0,
  };
  report.summary.grades = { pass: 1, degraded: 1, fail: 1 };
  return JSON.parse(JSON.stringify(report)) as RunReport;
}

describe('graded reports', () => {
  it('validate against the report schema (fields are additive to schemaVersion 1)', () => {
    expect(reportSchemaErrors(graded())).toEqual([]);
    const bad = graded();
    (bad.scenarios[0] as { grade: string }).grade = 'meh';
    expect(reportSchemaErrors(bad).join('\n')).toContain('grade');
  });

  it('JUnit: a grade per testcase; an advisory failure is not a <failure>', () => {
    const xml = renderJUnit(graded());
    expect(xml).toContain('<property name="grade" value="degraded"/>');
    expect(xml).toContain('<property name="requests.not-sent" value="4"/>');
    expect(xml).not.toContain('<failure type="stream-gaps"');
    expect(xml).toContain('WARN stream-gaps: a stall of 2500 ms');
    expect(xml).toContain('n/a provider-probe');
  });

  it('Markdown: a grade column, and n/a checks left out of the count', () => {
    const md = renderMarkdown(graded());
    const row = md.split('\n').find((l) => l.includes('`rate-limit'));
    expect(row).toMatch(/\(1 n\/a\) \| degraded \|$/);
    expect(md).toContain('Grade `fail`');
  });

  it('HTML: the grade, the grade line, n/a checks and the upstream record', () => {
    const page = renderHtml(graded());
    expect(page).toContain('<span class="tag grade degraded"');
    expect(page).toContain('4 requests not sent (the traffic window closed first)');
    expect(page).toContain('>n/a</span>');
    expect(page).toContain('3 chat attempts reached the fake providers (1 untagged)');
  });

  it('diff: a grade that worsens is a regression, one that improves is not', () => {
    const base = graded();
    const head = graded();
    head.scenarios[0]!.grade = 'degraded';
    head.scenarios[2]!.grade = 'pass';
    const diff = diffReports(base, head);
    const worse = diff.scenarios.find((s) => s.id === base.scenarios[0]!.id);
    expect(worse).toMatchObject({ regression: true, baseGrade: 'pass', headGrade: 'degraded' });
    expect(worse?.notes[0]).toBe('grade pass → degraded (worse)');
    const better = diff.scenarios.find((s) => s.id === base.scenarios[2]!.id);
    expect(better).toMatchObject({ regression: false, improvement: true });
    expect(renderDiffMarkdown(diff)).toContain('pass (degraded)');
  });
});
