/** `latency`: the healthy answer, late: fixed, uniform, or lognormal (median, sigma, capped by max). */
import { MAX_MS } from '../limits.ts';
import type { LatencyFault } from '../model.ts';
import type { Random } from '../random.ts';
import { defineKind } from './types.ts';

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
  kind: 'latency',
  variants: ['latency'],
  variant: () => 'latency',
  intact: () => true,
  action: (fault, ctx) => ctx.render(ctx.healthy(), { delayMs: sampleLatency(fault, ctx.random) }),
});
