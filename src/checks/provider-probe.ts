import { z } from 'zod';
import type { Checker } from './check.ts';
import { providerName } from './option-schemas.ts';
import { notApplicable, verdict } from './verdict.ts';

export const providerProbeOptions = z.strictObject({
  provider: providerName,
  /** `healthy`: the probe must pass; `broken`: the probe must catch the fault (a broken fallback). */
  expect: z.enum(['healthy', 'broken'], { error: 'must be "healthy" or "broken"' }),
});
export type ProviderProbeOptions = z.infer<typeof providerProbeOptions>;

/**
 * What the provider's health probe (made before traffic, as the synthetic monitor does) found: the
 * system's own probe, or the runner's when the system offers none (a black box).
 * `broken` is how a scenario asserts that a fallback broken while the primary is healthy is
 * reported even though no user request noticed. Measured: the probe's outcome.
 *
 * @example providerProbe(history, { provider: 'huggingface', expect: 'broken' }, ctx)
 */
export const providerProbe: Checker<ProviderProbeOptions> = (history, { provider, expect }) => {
  const id = 'provider-probe';
  const probes = history.probes.filter((p) => p.provider === provider);
  if (history.probes.length === 0) {
    return notApplicable(
      id,
      `the system under test offers no provider probe (a black box), so ${provider}'s health cannot be probed through it`,
    );
  }
  if (probes.length === 0) {
    return verdict(
      id,
      false,
      null,
      { expect },
      `vacuous: ${provider} was never probed (the system under test offers no probe)`,
    );
  }
  const broken = probes.filter((p) => !p.ok);
  // The runner probes a provider itself when the system offers no probe (see scenario/runner-probe.ts).
  const whose = probes.every((p) => p.by === 'runner')
    ? `the runner's probe of ${provider} (the system under test offers none)`
    : `${provider}'s probe`;
  const measured = broken.length > 0 ? 'broken' : 'healthy';
  const detail = broken[0]?.error ? ` (${broken[0].error.code}: ${broken[0].error.message})` : '';
  if (measured === expect) {
    return verdict(id, true, measured, { expect }, `${whose} found it ${measured}${detail}, as expected`);
  }
  return verdict(
    id,
    false,
    measured,
    { expect },
    `expected ${whose} to find it ${expect}, it found it ${measured}${detail}`,
  );
};
