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
  // hash32(`${round}:${text}`) for every round, in one pass over `text` (same digits, no strings built).
  const rounds = Math.ceil(length / 8);
  const states: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let h = 0x811c9dc5;
    const prefix = `${round}:`;
    for (let i = 0; i < prefix.length; i++) h = Math.imul(h ^ prefix.charCodeAt(i), 0x01000193);
    states.push(h);
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    for (let round = 0; round < rounds; round++)
      states[round] = Math.imul((states[round] as number) ^ c, 0x01000193);
  }
  let out = '';
  for (const h of states) out += (h >>> 0).toString(16).padStart(8, '0');
  return out.slice(0, length);
}
