import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/checks/check.ts';
import { buildRunReport } from '../../src/report/build-run-report.ts';
import { buildScenarioReport, type ScenarioOutcome } from '../../src/report/build-scenario-report.ts';
import { failed, failedOver, history, request, times } from '../checks/support/history.ts';

const passing: CheckResult = {
  id: 'availability',
  verdict: 'pass',
  level: 'required',
  measured: 1,
  threshold: 1,
  message: 'all ok',
};

function outcome(fields: Partial<ScenarioOutcome> = {}): ScenarioOutcome {
  return {
    scenario: { id: 'burst', title: 'A burst', faults: [{ kind: 'http-error', target: 'openai' }] },
    backend: 'msw',
    seed: 42,
    replay: 'npx brownout run burst.ts --seed 42',
    history: history([...times(3, (i) => request(i)), failedOver(3, 40), failed(4)], { injected: [2] }),
    checks: [passing],
    properties: [],
    durationMs: 12.5,
    ...fields,
  };
}

describe('buildScenarioReport', () => {
  it('counts the history and keeps the report key order the JSON report has always had', () => {
    const report = buildScenarioReport(outcome());
    expect(report.stats).toMatchObject({
      requests: 5,
      succeeded: 4,
      failed: 1,
      servedBy: { openai: 3, huggingface: 1 },
    });
    expect(report.faults).toEqual([{ kind: 'http-error', target: 'openai', injected: 2 }]);
    expect(report.errors.map((e) => [e.code, e.count])).toEqual([['all-providers-failed', 1]]);
    expect(Object.keys(report).slice(-4)).toEqual(['timeline', 'attemptSource', 'grade', 'gradeReason']);
  });

  it('grades the run: a failed property fails it even when every check passed', () => {
    expect(buildScenarioReport(outcome()).grade).not.toBe('fail');
    const report = buildScenarioReport(
      outcome({ properties: [{ id: 'healthy-provider-serves', runs: 5, seed: 1, verdict: 'fail' }] }),
    );
    expect([report.grade, report.verdict]).toEqual(['fail', 'fail']);
  });
});

describe('buildRunReport', () => {
  it('sums verdicts and grades, and leaves out an empty skipped list', () => {
    const pass = buildScenarioReport(outcome());
    const fail = buildScenarioReport(outcome({ checks: [{ ...passing, verdict: 'fail' }] }));
    const run = buildRunReport({
      version: '0.1.0',
      startedAt: new Date(0),
      durationMs: 1234.6,
      seed: 42,
      reports: [pass, fail],
      skipped: [],
      command: 'brownout run',
    });
    expect(run.summary).toEqual({
      scenarios: 2,
      passed: 1,
      failed: 1,
      skipped: 0,
      grades: { [pass.grade as string]: 1, fail: 1 },
    });
    expect(run.durationMs).toBe(1235);
    expect('skipped' in run).toBe(false);
    expect(run.environment.gitCommit).toBeUndefined();
  });
});
