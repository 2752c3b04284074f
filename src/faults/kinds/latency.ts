/** `latency`: the healthy answer, late: fixed, uniform, or lognormal (median, sigma, capped by max). */
import type * as z from 'zod';
import { ms, num, oneOf, onlyForMode, requires } from '../fields.ts';
import { MAX_MS } from '../limits.ts';
import type { Random } from '../random.ts';
import { defineKind, kindSchema } from './types.ts';

const schema = kindSchema('latency', {
  distribution: oneOf(['fixed', 'uniform', 'lognormal'] as const).default('fixed'),
  ms: ms().optional(),
  min: ms().optional(),
  max: ms().optional(),
  median: ms().optional(),
  sigma: num(0, 10).optional(),
})
  .superRefine(
    onlyForMode('distribution', {
      ms: ['fixed'],
      min: ['uniform'],
      max: ['uniform', 'lognormal'],
      median: ['lognormal'],
      sigma: ['lognormal'],
    }),
  )
  .superRefine(requires('ms', (v) => v.distribution === 'fixed', 'is required for distribution "fixed"'))
  .superRefine(requires('min', (v) => v.distribution === 'uniform', 'is required for distribution "uniform"'))
  .superRefine(requires('max', (v) => v.distribution === 'uniform', 'is required for distribution "uniform"'))
  .superRefine(
    requires('median', (v) => v.distribution === 'lognormal', 'is required for distribution "lognormal"'),
  )
  .superRefine(
    requires('sigma', (v) => v.distribution === 'lognormal', 'is required for distribution "lognormal"'),
  )
  .superRefine((v, ctx) => {
    if (v.distribution === 'uniform' && v.min !== undefined && v.max !== undefined && v.min > v.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], input: v.max, message: `must be >= min (${v.min})` });
    }
  });

/** A validated `latency` fault, defaults applied. */
export type LatencyFault = z.output<typeof schema>;

/** One latency sample in ms, from the injector's seeded source. */
export function sampleLatency(fault: LatencyFault, random: Random): number {
  if (fault.distribution === 'fixed') return fault.ms ?? 0;
  if (fault.distribution === 'uniform') {
    const min = fault.min ?? 0;
    return Math.round(min + random() * ((fault.max ?? min) - min));
  }
  // Box-Muller: a standard normal from two uniforms; 1 - u keeps log away from 0.
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const value = (fault.median ?? 0) * Math.exp((fault.sigma ?? 0) * normal);
  return Math.round(Math.min(value, fault.max ?? MAX_MS));
}

export const latency = defineKind({
  schema,
  variants: ['latency'],
  variant: () => 'latency',
  intact: () => true,
  action: (fault, ctx) => ctx.render(ctx.healthy(), { delayMs: sampleLatency(fault, ctx.random) }),
});
