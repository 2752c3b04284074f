import { createRandom, hash32 } from '../faults/random.ts';

/**
 * The seeded PRNG shared with the fault layer (mulberry32): deterministic jitter, stream choices
 * and fault rolls, so the same `--seed` gives the same run.
 */
export const seededRandom = createRandom;

/** A child seed for a named part of the run (a scenario on a backend, a property), stable across runs. */
export function deriveSeed(seed: number, label: string): number {
  return hash32(`${seed >>> 0}:${label}`);
}
