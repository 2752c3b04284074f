/** A source of numbers in [0, 1); seeded sources replay exactly. */
export type Random = () => number;

/**
 * A seeded PRNG (mulberry32): the same seed gives the same sequence on every machine.
 *
 * @example
 * const random = createRandom(42);
 * random(); // 0.6011037519201636, every time
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, 32 bits: a stable hash for deterministic ids and content. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * `length` hex digits derived from `prefix + text` (deterministic, not cryptographic): the digits of
 * FNV-1a over `<round>:<prefix><text>` for round 0, 1, ..., 8 digits a round. The prefix is hashed
 * ahead of the text, so a caller need not build the joined string.
 */
export function hexId(text: string, length: number, prefix = ''): string {
  const rounds = Math.ceil(length / 8);
  if (rounds > 4) {
    let out = '';
    for (let round = 0; round < rounds; round++) out += hex8(hash32(`${round}:${prefix}${text}`));
    return out.slice(0, length);
  }
  // Up to 4 rounds (every id here): hash32(`${round}:${prefix}${text}`) for each, in one pass.
  // FNV-1a of "0:", "1:", "2:", "3:" (the round prefixes), worked out ahead.
  let h0 = PREFIX[0] as number;
  let h1 = PREFIX[1] as number;
  let h2 = PREFIX[2] as number;
  let h3 = PREFIX[3] as number;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix.charCodeAt(i);
    h0 = Math.imul(h0 ^ c, 0x01000193);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193);
    h3 = Math.imul(h3 ^ c, 0x01000193);
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h0 = Math.imul(h0 ^ c, 0x01000193);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193);
    h3 = Math.imul(h3 ^ c, 0x01000193);
  }
  // All 32 digits in one string (one allocation), cut to the length asked for.
  const out = hex32(h0, h1, h2, h3);
  return length === 32 ? out : out.slice(0, length);
}

/** FNV-1a state after the prefix `<round>:` for rounds 0 to 3. */
const PREFIX = [0, 1, 2, 3].map((round) => {
  let h = 0x811c9dc5;
  for (const c of `${round}:`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return h;
});

/** Character codes of the 16 hex digits. */
const DIGIT = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

function hex8(h: number): string {
  return hex32(h, 0, 0, 0).slice(0, 8);
}

/**
 * Four 32-bit words as 32 hex digits, most significant first. One `fromCharCode` call: about ten
 * times cheaper than `toString(16).padStart(8, '0')` four times and joining them.
 */
function hex32(a: number, b: number, c: number, d: number): string {
  const x = DIGIT;
  return String.fromCharCode(
    x[a >>> 28] as number,
    x[(a >>> 24) & 15] as number,
    x[(a >>> 20) & 15] as number,
    x[(a >>> 16) & 15] as number,
    x[(a >>> 12) & 15] as number,
    x[(a >>> 8) & 15] as number,
    x[(a >>> 4) & 15] as number,
    x[a & 15] as number,
    x[b >>> 28] as number,
    x[(b >>> 24) & 15] as number,
    x[(b >>> 20) & 15] as number,
    x[(b >>> 16) & 15] as number,
    x[(b >>> 12) & 15] as number,
    x[(b >>> 8) & 15] as number,
    x[(b >>> 4) & 15] as number,
    x[b & 15] as number,
    x[c >>> 28] as number,
    x[(c >>> 24) & 15] as number,
    x[(c >>> 20) & 15] as number,
    x[(c >>> 16) & 15] as number,
    x[(c >>> 12) & 15] as number,
    x[(c >>> 8) & 15] as number,
    x[(c >>> 4) & 15] as number,
    x[c & 15] as number,
    x[d >>> 28] as number,
    x[(d >>> 24) & 15] as number,
    x[(d >>> 20) & 15] as number,
    x[(d >>> 16) & 15] as number,
    x[(d >>> 12) & 15] as number,
    x[(d >>> 8) & 15] as number,
    x[(d >>> 4) & 15] as number,
    x[d & 15] as number,
  );
}
