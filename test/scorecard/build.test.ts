import { describe, expect, it } from 'vitest';
import type { ScenarioReport } from '../../src/report/model.ts';
import { buildScorecard } from '../../src/scorecard/build.ts';
import { attemptsOf, cellOf, gradeOf } from '../../src/scorecard/cell.ts';
import { BUILD_OPTIONS, report, run, system } from './support/sample.ts';

describe('a scorecard cell', () => {
  it('shows the grade a report gives, and says so', () => {
    const cell = cellOf(
      'a',
      [run({ id: 'x', verdict: 'fail', grade: 'degraded' })],
      'runs/a/r.html',
      () => 4,
    );
    expect(cell).toMatchObject({ result: 'degraded', basis: 'grade', runs: 1, link: 'runs/a/r.html#s-4' });
  });

  it('keeps the verdict of a report without grades, marked as a verdict (nothing derived)', () => {
    const failed = cellOf('a', [run({ id: 'x', verdict: 'fail' })], undefined, () => 0);
    expect(failed).toMatchObject({ result: 'fail', basis: 'verdict' });
    expect(failed.link).toBeUndefined();
    expect(cellOf('a', [run({ id: 'x', verdict: 'pass' })], undefined, () => 0).result).toBe('pass');
  });

  it('ignores a grade outside the vocabulary', () => {
    // A report from another version may carry a word this one does not know.
    const odd = { ...run({ id: 'x', verdict: 'fail' }), grade: 'excellent' } as unknown as ScenarioReport;
    expect(gradeOf(odd)).toBeUndefined();
    expect(cellOf('a', [odd], undefined, () => 0)).toMatchObject({ result: 'fail', basis: 'verdict' });
  });

  it('counts what the primary and the fallbacks served', () => {
    expect(attemptsOf(run({ id: 'x', servedBy: { openai: 5, huggingface: 12, extra: 3 } }))).toEqual({
      primary: 5,
      fallback: 15,
      source: 'servedBy',
    });
  });

  it('says nothing about attempts for a black box that served but named no provider', () => {
    expect(attemptsOf(run({ id: 'x', servedBy: {}, succeeded: 20 }))).toBeNull();
    // Nothing served and nothing named: zero is the truth.
    expect(attemptsOf(run({ id: 'x', servedBy: {}, succeeded: 0 }))).toEqual({
      primary: 0,
      fallback: 0,
      source: 'servedBy',
    });
  });

  it('shows the worst of several runs (one per backend) and links to that run', () => {
    const runs = [
      run({ id: 'x', backend: 'msw', grade: 'pass', durationMs: 100, servedBy: { openai: 20 } }),
      run({ id: 'x', backend: 'server', grade: 'safe', durationMs: 300, servedBy: { huggingface: 20 } }),
    ];
    const cell = cellOf('a', runs, 'r.html', (r) => runs.indexOf(r) + 10);
    expect(cell).toMatchObject({
      result: 'safe',
      runs: 2,
      durationMs: 300,
      requests: 40,
      link: 'r.html#s-11',
      attempts: { primary: 20, fallback: 20 },
    });
  });

  it('is not-run when the system has no run of the scenario', () => {
    expect(cellOf('a', [], 'r.html', () => 0)).toMatchObject({ result: 'not-run', basis: 'none', runs: 0 });
  });
});

describe('buildScorecard', () => {
  const a = report([
    run({ id: 'primary-503-burst', grade: 'pass' }),
    run({ id: 'total-outage', verdict: 'fail', grade: 'safe' }),
  ]);
  const b = report([
    run({ id: 'total-outage', verdict: 'fail' }),
    run({ id: 'stream-cut', verdict: 'pass', servedBy: {} }),
  ]);
  const card = buildScorecard(
    [
      { system: system('ref'), report: a, reportHref: 'runs/ref/resilience-report.html' },
      { system: system('gw'), report: b, reportHref: 'runs/gw/resilience-report.html' },
      { system: { ...system('broken'), exitCode: 2, error: 'unknown option --system' } },
    ],
    BUILD_OPTIONS,
  );

  it('has one row per scenario in first-seen order and one cell per system', () => {
    expect(card.rows.map((r) => r.scenario.id)).toEqual(['primary-503-burst', 'total-outage', 'stream-cut']);
    for (const row of card.rows) expect(row.cells.map((c) => c.system)).toEqual(['ref', 'gw', 'broken']);
  });

  it('marks a scenario a system did not run as not-run, never as a pass', () => {
    const burst = card.rows[0]?.cells ?? [];
    expect(burst.map((c) => c.result)).toEqual(['pass', 'not-run', 'not-run']);
  });

  it('summarizes each system by result, counting verdict-only cells', () => {
    const [ref, gw, broken] = card.systems;
    expect(ref?.summary).toEqual({ pass: 1, degraded: 0, safe: 1, fail: 0, 'not-run': 1, byVerdict: 0 });
    expect(gw?.summary).toEqual({ pass: 1, degraded: 0, safe: 0, fail: 1, 'not-run': 1, byVerdict: 2 });
    expect(broken?.summary['not-run']).toBe(3);
    expect(broken?.error).toBe('unknown option --system');
    expect(broken?.report).toBeUndefined();
    expect(ref?.report).toBe('runs/ref/resilience-report.html');
  });

  it('links each cell to the scenario in its own run report', () => {
    const outage = card.rows[1]?.cells ?? [];
    expect(outage[0]?.link).toBe('runs/ref/resilience-report.html#s-1');
    expect(outage[1]?.link).toBe('runs/gw/resilience-report.html#s-0');
  });
});
