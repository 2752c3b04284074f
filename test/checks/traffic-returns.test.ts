import { describe, expect, it } from 'vitest';
import { trafficReturns } from '../../src/checks/traffic-returns.ts';
import type { FaultWindow } from '../../src/history/history.ts';
import { attempt, ctx, failedOver, history, request, times } from './support/history.ts';

const outage: FaultWindow = { index: 0, kind: 'http-error', target: 'openai', startMs: 0, endMs: 1000 };
const hf = (i: number) =>
  request(i, {
    attempts: [attempt('huggingface', i * 100, 50)],
    skipped: ['openai'],
    servedBy: 'huggingface',
  });

describe('traffic-returns', () => {
  it('measures from the end of the last window to the serving attempt of the first request the provider served', () => {
    // Requests every 100 ms; openai is skipped until 1200 ms, then serves #13 (attempt at 1300 ms).
    const h = history(
      times(20, (i) => (i < 10 ? failedOver(i, 20) : i < 13 ? hf(i) : request(i))),
      { faults: [{ ...outage, endMs: 400 }, outage] },
    );
    const r = trafficReturns(h, { provider: 'openai', withinMs: 500 }, ctx);
    expect(r).toMatchObject({ id: 'traffic-returns', verdict: 'pass', measured: 300, threshold: 500 });
    expect(r.message).toContain('openai served #13 300 ms after the last fault on openai ended at 1000 ms');
  });

  it('fails when the provider came back too late, naming who served in between', () => {
    const h = history(
      times(20, (i) => (i < 16 ? hf(i) : request(i))),
      { faults: [outage] },
    );
    const r = trafficReturns(h, { provider: 'openai', withinMs: 300 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 600 });
    expect(r.message).toContain(
      'the first was #16, 600 ms later; before it: #10 huggingface, #11 huggingface',
    );
  });

  it('fails when the provider never served again', () => {
    const h = history(times(15, hf), { faults: [outage] });
    const r = trafficReturns(h, { provider: 'openai', withinMs: 5000 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: null });
    expect(r.message).toContain('it never did (5 requests after it: #10 huggingface');
  });

  it('is vacuous (fail) when no window targets the provider or the last one never ends', () => {
    const h = history(times(3, (i) => request(i)));
    expect(trafficReturns(h, { provider: 'openai', withinMs: 1 }, ctx).message).toContain(
      'no fault window targets openai',
    );
    const endless = history(h.records, { faults: [{ ...outage, endMs: undefined }] });
    const r = trafficReturns(endless, { provider: 'openai', withinMs: 1 }, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('lasts until the scenario ends');
  });
});
