import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantile, summarize } from '../../src/checks/quantiles.ts';

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('quantile (nearest-rank)', () => {
  it('picks the sample at rank ceil(q·n), whatever the input order', () => {
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.95)).toBe(4);
    expect(quantile([10, 20], 0.5)).toBe(10);
    expect(quantile([10, 20], 0.51)).toBe(20);
  });

  it('gives the least sample at q = 0 and the greatest at q = 1', () => {
    expect(quantile([7, 3, 9], 0)).toBe(3);
    expect(quantile([7, 3, 9], 1)).toBe(9);
  });

  it('gives the only sample of a single-sample list for every q', () => {
    for (const q of [0, 0.5, 0.99, 1]) expect(quantile([42], q)).toBe(42);
  });

  it('is NaN for no samples', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('does not drift a rank up on floating-point products such as 0.07 × 100', () => {
    expect(quantile(oneToHundred, 0.07)).toBe(7);
    expect(quantile(oneToHundred, 0.29)).toBe(29);
    expect(quantile(oneToHundred, 0.95)).toBe(95);
    expect(quantile(oneToHundred, 0.99)).toBe(99);
    expect(quantile(oneToHundred, 0.991)).toBe(100);
  });

  it('keeps duplicates and negative values', () => {
    expect(quantile([3, 3, 3, 1], 0.5)).toBe(3);
    expect(quantile([-5, 0, 5], 0.34)).toBe(0);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    quantile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });

  it('rejects q outside [0, 1] and NaN samples, saying why', () => {
    expect(() => quantile([1], 1.5)).toThrow(/range \[0, 1\], got 1.5/);
    expect(() => quantile([1], -0.1)).toThrow(RangeError);
    expect(() => quantile([1], Number.NaN)).toThrow(RangeError);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow(/NaN/);
  });

  it('holds the nearest-rank definition: a sample, with ≥ ceil(q·n) samples at or below it and fewer below it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 1000 }),
        (values, permille) => {
          const q = permille / 1000;
          const v = quantile(values, q);
          const rank = Math.max(1, Math.ceil(q * values.length - 1e-9));
          expect(values).toContain(v);
          expect(values.filter((x) => x <= v).length).toBeGreaterThanOrEqual(rank);
          expect(values.filter((x) => x < v).length).toBeLessThan(rank);
        },
      ),
    );
  });
});

describe('summarize', () => {
  it('gives count, p50, p95, p99 and max', () => {
    expect(summarize(oneToHundred)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(summarize([120, 80, 300])).toEqual({ count: 3, p50: 120, p95: 300, p99: 300, max: 300 });
  });

  it('gives count 0 and NaN figures for no samples', () => {
    const s = summarize([]);
    expect(s.count).toBe(0);
    expect([s.p50, s.p95, s.p99, s.max].every(Number.isNaN)).toBe(true);
  });

  it('agrees with quantile', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (values) => {
          const s = summarize(values);
          expect([s.p50, s.p95, s.p99, s.max]).toEqual([0.5, 0.95, 0.99, 1].map((q) => quantile(values, q)));
        },
      ),
    );
  });
});
