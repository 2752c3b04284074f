import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { formatIssues } from '../../src/validation/issues.ts';
import { atLeast, inRange, integerInRange, wholeNumber } from '../../src/validation/numbers.ts';

const schema = z.strictObject({
  probability: inRange(0, 1).optional(),
  periodMs: integerInRange(1, 1000, ' (milliseconds)').optional(),
  requests: wholeNumber(1).optional(),
  gapMs: atLeast(0, ' (milliseconds)').optional(),
  name: z.string({ error: 'must be a name' }),
});

function messages(input: unknown, hints = {}): string[] {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return [];
  return formatIssues(parsed.error.issues, 'x', input, hints).map((i) => `${i.path}: ${i.message}`);
}

describe('one wording for validation issues', () => {
  it('says what a number must be and the value received', () => {
    expect(messages({ name: 'a', probability: 1.5, periodMs: 2.5, requests: 0, gapMs: -1 })).toEqual([
      'x.probability: must be in the range [0, 1], got 1.5',
      'x.periodMs: must be an integer in the range [1, 1000] (milliseconds), got 2.5',
      'x.requests: must be a whole number of at least 1, got 0',
      'x.gapMs: must be a number of at least 0 (milliseconds), got -1',
    ]);
    expect(messages({ name: 'a', gapMs: Number.POSITIVE_INFINITY })).toEqual([
      'x.gapMs: must be a number of at least 0 (milliseconds), got Infinity',
    ]);
  });

  it('names a missing field with what it must be, and an unknown one with the valid fields or a guess', () => {
    const fieldsAt = () => Object.keys(schema.shape);
    expect(messages({ nme: 'a' }, { fieldsAt })).toEqual([
      'x.name: is required; must be a name',
      'x.nme: unknown field; valid fields are probability, periodMs, requests, gapMs, name',
    ]);
    const guess = (typo: string, known: readonly string[]) =>
      known.find((k) => k.startsWith(typo.slice(0, 2)));
    expect(messages({ name: 'a', nam: 1 }, { fieldsAt, guess })).toEqual([
      'x.nam: unknown field (did you mean "name"?)',
    ]);
    expect(messages({ name: 'a', nam: 1 }, { noFields: 'this check takes no options' })).toEqual([
      'x.nam: unknown field; this check takes no options',
    ]);
  });
});
