import { describe, expect, it } from 'vitest';
import { hash32, hexId } from '../../src/faults/random.ts';

/** hexId as first written: hash32 of `<round>:<text>` per 8 digits. Ids in reports depend on it. */
function reference(text: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++)
    out += hash32(`${round}:${text}`).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

describe('hexId', () => {
  it.each(['', 'a', '1:openai:42', 'héllo ✓ 😀', '{"model":"gpt-4o-mini","messages":[]}'.repeat(9)])(
    'gives the digits of the reference definition for %j',
    (text) => {
      for (const length of [0, 1, 8, 9, 29, 32, 41])
        expect(hexId(text, length)).toBe(reference(text, length));
    },
  );

  it('is stable across releases (a known value)', () => {
    expect(hexId('1:openai:1', 32)).toBe(reference('1:openai:1', 32));
    expect(hexId('abc', 8)).toBe(hash32('0:abc').toString(16).padStart(8, '0'));
  });
});

describe('hexId with a prefix', () => {
  it.each(['', 'a', '{"model":"gpt-4o-mini","messages":[]}', 'héllo ✓ 😀'.repeat(5)])(
    'gives the digits of the joined text for %j',
    (text) => {
      for (const prefix of ['', '7:', '123456:'])
        for (const length of [0, 8, 29, 32, 41])
          expect(hexId(text, length, prefix)).toBe(reference(`${prefix}${text}`, length));
    },
  );
});
