import * as z from 'zod';

/**
 * Number schemas whose errors all read one way: "must be in the range [0, 1]", "must be a whole
 * number of at least 1". The issue formatter (issues.ts) adds the value received: ", got 1.5".
 */

/** A number in [min, max]. */
export function inRange(min: number, max: number) {
  const error = `must be in the range [${min}, ${max}]`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

/** An integer in [min, max]; `unit` follows the range, e.g. " (milliseconds)". */
export function integerInRange(min: number, max: number, unit = '') {
  const error = `must be an integer in the range [${min}, ${max}]${unit}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** A whole number ≥ min; `unit` says what it counts, e.g. " (requests)". */
export function wholeNumber(min: number, unit = '') {
  const error = `must be a whole number of at least ${min}${unit}`;
  return z.number({ error }).int({ error }).min(min, { error });
}

/** A finite number ≥ min (zod 4 numbers reject Infinity); `unit` e.g. " (milliseconds)". */
export function atLeast(min: number, unit = '') {
  const error = `must be a number of at least ${min}${unit}`;
  return z.number({ error }).min(min, { error });
}

/** A number > 0 and ≤ max, for durations and rates where 0 means nothing; `unit` e.g. " (seconds)". */
export function aboveZeroUpTo(max: number, unit = '') {
  const error = `must be a number greater than 0 and at most ${max}${unit}`;
  return z.number({ error }).gt(0, { error }).max(max, { error });
}
