import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/checks/check.ts';
import { gradeRank, gradeRun } from '../../src/checks/grade.ts';
import { failed, request } from './support/history.ts';

const check = (verdict: CheckResult['verdict'], level: CheckResult['level'] = 'required'): CheckResult => ({
  id: `c-${verdict}-${level}`,
  verdict,
  level,
  measured: null,
  threshold: null,
  message: '',
});

describe('gradeRun', () => {
  const served = { records: [request(0), failed(1)] };
  const none = { records: [failed(0), failed(1)] };

  it('pass: served and every check clean (not-applicable checks do not count)', () => {
    const r = gradeRun({
      checks: [check('pass'), check('not-applicable')],
      propertyFailed: false,
      history: served,
    });
    expect(r.grade).toBe('pass');
  });
  it('degraded: served, an advisory check failed', () => {
    const r = gradeRun({
      checks: [check('pass'), check('fail', 'advisory')],
      propertyFailed: false,
      history: served,
    });
    expect(r).toMatchObject({ grade: 'degraded', reason: 'advisory check failed: c-fail-advisory' });
  });
  it('safe: nothing served, every failure typed', () => {
    expect(gradeRun({ checks: [check('pass')], propertyFailed: false, history: none }).grade).toBe('safe');
  });
  it('fail: a required check failed, a property failed, a hang, or an untyped failure with nothing served', () => {
    expect(gradeRun({ checks: [check('fail')], propertyFailed: false, history: served }).grade).toBe('fail');
    expect(gradeRun({ checks: [], propertyFailed: true, history: served }).grade).toBe('fail');
    const hung = {
      records: [request(0), failed(1, { error: { code: 'client-timeout', message: 'no answer' } })],
    };
    expect(gradeRun({ checks: [], propertyFailed: false, history: hung }).reason).toContain('hung');
    const untyped = { records: [failed(0, { error: { code: 'untyped', message: 'TypeError' } })] };
    expect(gradeRun({ checks: [], propertyFailed: false, history: untyped }).grade).toBe('fail');
  });
  it('orders grades best to worst', () => {
    expect(
      ['fail', 'pass', 'safe', 'degraded'].sort((a, b) => gradeRank(a as never) - gradeRank(b as never)),
    ).toEqual(['pass', 'degraded', 'safe', 'fail']);
  });
});
