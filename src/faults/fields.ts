/**
 * The building blocks of a fault kind's schema: numbers that say their range when they are wrong,
 * enums that list their values, and refinements for options that belong to one mode. The messages
 * are the fault model's wording ("must be in the range [0, 1]"); the formatter adds ", got 1.5".
 */
import * as z from 'zod';
import { MAX_MS } from './limits.ts';

export function int(
  min: number,
  max: number,
  unit = '',
  error = `must be an integer in the range [${min}, ${max}]${unit}`,
) {
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

export function num(min: number, max: number) {
  const error = `must be in the range [${min}, ${max}]`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

/** A duration in milliseconds, at least `min`, at most what Node's timers accept. */
export const ms = (min = 0) => int(min, MAX_MS, ' (milliseconds)');

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}` });
}

type ModeFields = Record<string, readonly string[]>;

/** Rejects options that belong to another mode (`afterChunks` on a `hang` timeout is a mistake). */
export function onlyForMode(field: 'mode' | 'distribution', fields: ModeFields) {
  return (value: Record<string, unknown>, ctx: z.core.$RefinementCtx<Record<string, unknown>>) => {
    const mode = value[field] as string;
    for (const [key, modes] of Object.entries(fields)) {
      if (value[key] !== undefined && !modes.includes(mode)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          input: value[key],
          message: `only applies to ${field} ${modes.map((m) => JSON.stringify(m)).join(' or ')} (this fault has ${field} ${JSON.stringify(mode)})`,
        });
      }
    }
  };
}

/** Requires `field` when `when` holds (`ms` for a fixed latency). */
export function requires(field: string, when: (v: Record<string, unknown>) => boolean, message: string) {
  return (value: Record<string, unknown>, ctx: z.core.$RefinementCtx<Record<string, unknown>>) => {
    if (when(value) && value[field] === undefined) {
      ctx.addIssue({ code: 'custom', path: [field], input: undefined, message });
    }
  };
}
