import { describe, expect, it } from 'vitest';
import { servedBy } from '../../src/checks/served-by.ts';
import { ctx, failed, failedOver, history, request, times } from './support/history.ts';

describe('served-by', () => {
  it('passes when the share of ok requests is within [min, max]; failures do not count', () => {
    const h = history([...times(99, (i) => request(i)), failedOver(99, 20), failed(100)]);
    const r = servedBy(h, { provider: 'openai', min: 0.99 }, ctx);
    expect(r).toMatchObject({ verdict: 'pass', measured: 0.99, threshold: { min: 0.99 } });
  });

  it('fails below min, naming requests served elsewhere', () => {
    const h = history(times(10, (i) => (i >= 7 ? failedOver(i, 20) : request(i))));
    const r = servedBy(h, { provider: 'openai', min: 0.99 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 0.7 });
    expect(r.message).toContain(
      'saw 70% (7/10); served elsewhere: #7 huggingface, #8 huggingface, #9 huggingface',
    );
  });

  it('fails above max, naming requests the provider served', () => {
    const h = history([request(0), failedOver(1, 20)]);
    const r = servedBy(h, { provider: 'huggingface', max: 0.1 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 0.5, threshold: { max: 0.1 } });
    expect(r.message).toContain('served by huggingface: #1');
  });

  it('is vacuous (fail) without any ok request', () => {
    expect(servedBy(history([failed(0)]), { provider: 'openai', min: 0 }, ctx).verdict).toBe('fail');
  });
});
