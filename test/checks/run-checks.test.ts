import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/run-checks.ts';
import type { FaultWindow } from '../../src/history/history.ts';
import { ctx, failedOver, history, request, times } from './support/history.ts';

const fault: FaultWindow = { index: 0, kind: 'http-error', target: 'openai', startMs: 0, endMs: 500 };

describe('runChecks', () => {
  const h = history([...times(9, (i) => request(i)), failedOver(9, 40)], { faults: [fault], injected: [1] });

  it('adds fault-injected, no-secrets and attempts-per-request, and runs in the registry order', () => {
    const results = runChecks(
      h,
      { 'served-by': { provider: 'openai', min: 0.8 }, availability: { min: 1 } },
      ctx,
    );
    expect(results.map((r) => r.id)).toEqual([
      'fault-injected',
      'availability',
      'attempts-per-request',
      'served-by',
      'no-secrets',
    ]);
    expect(results.every((r) => r.verdict === 'pass')).toBe(true);
  });

  it('uses the configured options of an always-on check over its defaults', () => {
    const results = runChecks(h, { 'attempts-per-request': { max: 1 } }, ctx);
    const attempts = results.find((r) => r.id === 'attempts-per-request');
    expect(attempts).toMatchObject({ verdict: 'fail', measured: 2, threshold: 1 });
    expect(attempts?.message).toContain('#9 2 (openai, huggingface)');
  });

  it('numbers the results of a check given a list of options', () => {
    const results = runChecks(
      h,
      {
        'served-by': [
          { provider: 'openai', min: 0.9 },
          { provider: 'huggingface', max: 0 },
        ],
      },
      ctx,
    );
    expect(results.filter((r) => r.id.startsWith('served-by')).map((r) => [r.id, r.verdict])).toEqual([
      ['served-by[0]', 'pass'],
      ['served-by[1]', 'fail'],
    ]);
  });

  it('throws on a bad configuration before running anything', () => {
    expect(() => runChecks(h, { latency: { p59: 100 } }, ctx)).toThrow(/checks\.latency\.p59: unknown field/);
  });

  it('turns a checker that throws into a failing result', () => {
    const broken = history([request(0, { latencyMs: Number.NaN })]);
    const [result] = runChecks(broken, { latency: { p95: 100 } }, ctx).filter((r) => r.id === 'latency');
    expect(result).toMatchObject({ verdict: 'fail', measured: null });
    expect(result?.message).toContain('the checker failed to run: quantile: a sample is NaN');
  });
});
