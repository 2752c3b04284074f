import { z } from 'zod';

// Building blocks of the checkers' option schemas: each error says the valid range.

/** A duration in ms: a finite number ≥ 0 (zod 4 numbers reject Infinity). */
export const durationMs = z
  .number({ error: 'expected a duration in ms (a number ≥ 0)' })
  .min(0, { error: 'expected a duration in ms (a number ≥ 0)' });

/** A fraction in [0, 1]. */
export const fraction = z
  .number({ error: 'expected a fraction in the range [0, 1]' })
  .min(0, { error: 'expected a fraction in the range [0, 1]' })
  .max(1, { error: 'expected a fraction in the range [0, 1]' });

/** A count: an integer ≥ `min`. */
export function count(min: number) {
  const error = `expected an integer ≥ ${min}`;
  return z.number({ error }).int({ error }).min(min, { error });
}

/** A provider name as configured in the router (e.g. `openai`, `huggingface`). */
export const providerName = z
  .string({ error: 'expected a provider name, e.g. "openai"' })
  .min(1, { error: 'expected a provider name, e.g. "openai"' });
