import { z } from 'zod';
import { atLeast, inRange, wholeNumber } from '../validation/numbers.ts';

// Building blocks of the checkers' option schemas: each error says what the value must be.

/** A duration in ms: a finite number ≥ 0 (zod 4 numbers reject Infinity). */
export const durationMs = atLeast(0, ' (milliseconds)');

/** A fraction in [0, 1]. */
export const fraction = inRange(0, 1);

/** A count: an integer ≥ `min`. */
export function count(min: number) {
  return wholeNumber(min);
}

/** A provider name as configured in the router (e.g. `openai`, `huggingface`). */
export const providerName = z
  .string({ error: 'must be a provider name, e.g. "openai"' })
  .min(1, { error: 'must be a provider name, e.g. "openai"' });

/**
 * The reference router's policy that a bound encodes (e.g. "a bad request is never failed over").
 * Set, a black box is not held to it: the check is n/a for it, with this reason.
 */
export function referencePolicy() {
  return z
    .string({ error: 'must describe the policy, e.g. "a bad request is never failed over"' })
    .min(1, { error: 'must describe the policy, e.g. "a bad request is never failed over"' })
    .optional();
}
