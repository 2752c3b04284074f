import { describe, expect, it } from 'vitest';
import { availability } from '../../src/checks/availability.ts';
import { ctx, failed, history, request, times } from './support/history.ts';

describe('availability', () => {
  it('passes when the ok fraction reaches min', () => {
    const h = history(times(100, (i) => (i === 50 ? failed(i) : request(i))));
    const r = availability(h, { min: 0.99 }, ctx);
    expect(r).toMatchObject({ id: 'availability', verdict: 'pass', measured: 0.99, threshold: 0.99 });
    expect(r.message).toContain('99% (99/100)');
  });

  it('fails below min, naming the first requests that were not ok and counting the rest', () => {
    const h = history(times(10, (i) => (i % 2 === 1 ? failed(i) : request(i))));
    h.records[9] = request(9, { completion: 'info', error: { code: 'stream-interrupted', message: 'cut' } });
    const r = availability(h, { min: 0.9 }, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.measured).toBe(0.5);
    expect(r.message).toContain('expected at least 90%');
    expect(r.message).toContain('saw 50% (5/10)');
    expect(r.message).toContain('#1 fail all-providers-failed, #3 fail all-providers-failed, #5 fail');
    expect(r.message).toContain('and 2 more');
  });

  it('fails as unmeasurable on an empty history', () => {
    const r = availability(history([]), { min: 0 }, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.measured).toBeNull();
    expect(r.message).toContain('no request');
  });
});
