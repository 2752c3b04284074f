import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { MAX_SEED, parseSeedOption } from '../../src/cli/usage.ts';

describe('--seed accepts only seeds that round-trip exactly', () => {
  const parse = parseSeedOption('--seed');

  it('takes whole numbers in [0, 2^31 - 1], echoed as given', () => {
    for (const text of ['0', '1', '42', String(MAX_SEED)]) expect(String(parse(text))).toBe(text);
  });

  it('refuses a seed that would be rounded, naming the range', () => {
    for (const text of ['99999999999999999999', String(MAX_SEED + 1), '1e3', '-1', '1.5', '0x10', '']) {
      expect(() => parse(text), text).toThrow(InvalidArgumentError);
      expect(() => parse(text), text).toThrow(`--seed must be a whole number in the range [0, ${MAX_SEED}]`);
    }
  });
});
