import { describe, expect, it } from 'vitest';
import { parseDurationMs, parseRetryAfterHeaderMs, parseRetryAfterMs } from '../../src/router/retry-after.ts';

const headers =
  (values: Record<string, string>) =>
  (name: string): string | undefined =>
    values[name];

describe('parseRetryAfterMs', () => {
  it('reads retry-after in seconds', () => {
    expect(parseRetryAfterMs(headers({ 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfterMs(headers({ 'retry-after': '0' }))).toBe(0);
    expect(parseRetryAfterMs(headers({ 'retry-after': '1.5' }))).toBe(1500);
  });

  it('reads retry-after as an HTTP date, relative to now, never negative', () => {
    const date = 'Wed, 21 Oct 2015 07:28:00 GMT';
    const at = Date.parse(date);
    expect(parseRetryAfterMs(headers({ 'retry-after': date }), () => at - 3000)).toBe(3000);
    expect(parseRetryAfterMs(headers({ 'retry-after': date }), () => at + 60_000)).toBe(0);
  });

  it('prefers retry-after-ms, which is finer', () => {
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '120', 'retry-after': '1' }))).toBe(120);
  });

  it('ignores a negative or garbage retry-after-ms and falls back to retry-after', () => {
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '-5', 'retry-after': '1' }))).toBe(1000);
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': 'soon', 'retry-after': '1' }))).toBe(1000);
  });

  it.each([
    ['1s', 1000],
    ['6m0s', 360_000],
    ['12ms', 12],
    ['1h2m3.5s', 3_723_500],
  ])('x-ratelimit-reset-requests %s with nothing remaining → %i ms', (reset, ms) => {
    expect(
      parseRetryAfterMs(
        headers({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': reset }),
      ),
    ).toBe(ms);
  });

  it('ignores the reset of a budget that still has room', () => {
    expect(
      parseRetryAfterMs(
        headers({ 'x-ratelimit-remaining-requests': '12', 'x-ratelimit-reset-requests': '6m0s' }),
      ),
    ).toBeUndefined();
    expect(
      parseRetryAfterMs(
        headers({
          'x-ratelimit-remaining-requests': '12',
          'x-ratelimit-reset-requests': '6m0s',
          'x-ratelimit-remaining-tokens': '0',
          'x-ratelimit-reset-tokens': '1s',
        }),
      ),
    ).toBe(1000);
  });

  it('takes the longest wait when both budgets are exhausted, and trusts a reset without remaining', () => {
    expect(
      parseRetryAfterMs(
        headers({
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': '1s',
          'x-ratelimit-remaining-tokens': '0',
          'x-ratelimit-reset-tokens': '6m0s',
        }),
      ),
    ).toBe(360_000);
    expect(parseRetryAfterMs(headers({ 'x-ratelimit-reset-tokens': '12ms' }))).toBe(12);
  });

  it('retry-after wins over x-ratelimit-reset-*', () => {
    expect(
      parseRetryAfterMs(
        headers({
          'retry-after': '3',
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': '1s',
        }),
      ),
    ).toBe(3000);
  });

  it('is undefined when nothing says how long to wait', () => {
    expect(parseRetryAfterMs(headers({}))).toBeUndefined();
    expect(parseRetryAfterMs(headers({ 'retry-after': '' }))).toBeUndefined();
    expect(parseRetryAfterMs(headers({ 'retry-after': 'tomorrow-ish' }))).toBeUndefined();
    expect(parseRetryAfterMs(headers({ 'x-ratelimit-reset-requests': 'soon' }))).toBeUndefined();
  });
});

describe('parseDurationMs', () => {
  it('parses Go-style durations and bare seconds', () => {
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('2m30s')).toBe(150_000);
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(parseDurationMs('7')).toBe(7000);
    expect(parseDurationMs(' 1s ')).toBe(1000);
  });

  it('rejects what is not a duration', () => {
    expect(parseDurationMs('')).toBeUndefined();
    expect(parseDurationMs('1x')).toBeUndefined();
    expect(parseDurationMs('1s and more')).toBeUndefined();
    expect(parseDurationMs('s')).toBeUndefined();
  });
});

describe('parseRetryAfterHeaderMs', () => {
  it('reads retry-after-ms, then retry-after in seconds or as a date', () => {
    expect(parseRetryAfterHeaderMs(headers({ 'retry-after-ms': '120', 'retry-after': '1' }))).toBe(120);
    expect(parseRetryAfterHeaderMs(headers({ 'retry-after': '2' }))).toBe(2000);
    const date = 'Wed, 21 Oct 2015 07:28:00 GMT';
    expect(parseRetryAfterHeaderMs(headers({ 'retry-after': date }), () => Date.parse(date) - 3000)).toBe(
      3000,
    );
  });

  it('does not read the rate-limit reset headers', () => {
    const exhausted = { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s' };
    expect(parseRetryAfterMs(headers(exhausted))).toBe(1000);
    expect(parseRetryAfterHeaderMs(headers(exhausted))).toBeUndefined();
    expect(parseRetryAfterHeaderMs(headers({ ...exhausted, 'retry-after': 'soon' }))).toBeUndefined();
  });
});
