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

/** `length` hex digits derived from `text` (deterministic, not cryptographic). */
export function hexId(text: string, length: number): string {
  const rounds = Math.ceil(length / 8);
  if (rounds > 4) {
    let out = '';
    for (let round = 0; round < rounds; round++) out += hex8(hash32(`${round}:${text}`));
    return out.slice(0, length);
  }
  // Up to 4 rounds (every id here): hash32(`${round}:${text}`) for each, in one pass over `text`.
  // FNV-1a of "0:", "1:", "2:", "3:" (the round prefixes), worked out ahead.
  let h0 = PREFIX[0] as number;
  let h1 = PREFIX[1] as number;
  let h2 = PREFIX[2] as number;
  let h3 = PREFIX[3] as number;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h0 = Math.imul(h0 ^ c, 0x01000193);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193);
    h3 = Math.imul(h3 ^ c, 0x01000193);
  }
  const out =
    hex8(h0) + (rounds > 1 ? hex8(h1) : '') + (rounds > 2 ? hex8(h2) : '') + (rounds > 3 ? hex8(h3) : '');
  return out.length === length ? out : out.slice(0, length);
}

/** FNV-1a state after the prefix `<round>:` for rounds 0 to 3. */
const PREFIX = [0, 1, 2, 3].map((round) => {
  let h = 0x811c9dc5;
  for (const c of `${round}:`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return h;
});

function hex8(h: number): string {
  return (h >>> 0).toString(16).padStart(8, '0');
}
