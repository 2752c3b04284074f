import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryDelayMs } from '../../../src/router/policy/backoff.ts';

describe('backoffDelayMs: exponential backoff with full jitter', () => {
  it('draws uniformly in [0, min(cap, base·2^(n-1))] with the injected random', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, baseMs, capMs, r) => {
          const ceiling = Math.min(capMs, baseMs * 2 ** (retry - 1));
          const delay = backoffDelayMs(retry, { baseMs, capMs }, () => r);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(ceiling);
          expect(delay).toBeCloseTo(r * ceiling, 6);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('doubles the ceiling per retry until the cap (defaults base 100, cap 2000)', () => {
    const top = () => 1 - Number.EPSILON;
    expect(backoffDelayMs(1, {}, top)).toBeCloseTo(100, 6);
    expect(backoffDelayMs(2, {}, top)).toBeCloseTo(200, 6);
    expect(backoffDelayMs(3, {}, top)).toBeCloseTo(400, 6);
    expect(backoffDelayMs(5, {}, top)).toBeCloseTo(1600, 6);
    expect(backoffDelayMs(6, {}, top)).toBeCloseTo(2000, 6);
    expect(backoffDelayMs(60, {}, top)).toBeCloseTo(2000, 6);
    expect(backoffDelayMs(3, {}, () => 0)).toBe(0);
    expect(backoffDelayMs(3, { baseMs: 10, capMs: 1000 }, () => 0.5)).toBe(20);
  });
});

describe('retryDelayMs', () => {
  it('never shortens a Retry-After, whatever the jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 600_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, retryAfterMs, r) => {
          expect(retryDelayMs(retry, retryAfterMs, {}, () => r)).toBe(retryAfterMs);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('uses the jittered backoff when the provider gave no Retry-After', () => {
    expect(retryDelayMs(2, undefined, { baseMs: 100 }, () => 0.25)).toBe(50);
  });
});
