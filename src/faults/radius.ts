/**
 * Blast radius: which requests a fault may hit (target, path, model, probability, times, after,
 * time window, flapping). It belongs to the framework, not to each kind: every kind's schema
 * starts with these fields (kinds/types.ts `kindSchema`), and the selector enforces them.
 */
import * as z from 'zod';
import { int, ms, num } from './fields.ts';

const MAX_COUNT = 1_000_000_000;

/** Provider names double as URL path segments on the fault server (`/<name>/v1/...`). */
const providerName = z
  .string({ error: 'must be a provider name such as "openai" or "huggingface"' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    error: 'must be a provider name (letters, digits, ".", "_", "-"), such as "openai" or "huggingface"',
  });

const flap = z.strictObject({
  periodMs: ms(1),
  dutyCycle: num(0, 1),
});

/** The blast-radius fields, shared by every kind's schema. */
export const radius = {
  target: providerName,
  path: z
    .string({ error: 'must be a path prefix starting with "/", such as "/v1/chat/completions"' })
    .startsWith('/', { error: 'must be a path prefix starting with "/", such as "/v1/chat/completions"' })
    .optional(),
  model: z.string({ error: 'must be a model name' }).min(1, { error: 'must be a model name' }).optional(),
  probability: num(0, 1).default(1),
  times: int(1, MAX_COUNT).optional(),
  after: int(0, MAX_COUNT).default(0),
  startMs: ms().default(0),
  durationMs: ms().optional(),
  flap: flap.optional(),
};
