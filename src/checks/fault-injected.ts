import { z } from 'zod';
import type { Checker } from './check.ts';
import { offenders, verdict } from './verdict.ts';

export const faultInjectedOptions = z.strictObject({});
export type FaultInjectedOptions = z.infer<typeof faultInjectedOptions>;

/**
 * A check that could not fail is a defect: every fault of the scenario was injected at least once,
 * else the scenario is vacuous. Measured: the injection count per fault.
 *
 * @example faultInjected(history, {}, ctx) // always on
 */
export const faultInjected: Checker<FaultInjectedOptions> = (history) => {
  const id = 'fault-injected';
  const measured = history.faults.map((f) => history.injected[f.index] ?? 0);
  const silent = history.faults
    .filter((f) => !((history.injected[f.index] ?? 0) > 0))
    .map((f) => `fault ${f.index} (${f.kind} on ${f.target})`);
  if (silent.length === 0) {
    return verdict(
      id,
      true,
      measured,
      '> 0 each',
      history.faults.length === 0
        ? 'the scenario has no fault: nothing to inject'
        : `every fault fired: ${history.faults.map((f) => `${f.kind} on ${f.target} ×${history.injected[f.index]}`).join(', ')}`,
    );
  }
  return verdict(
    id,
    false,
    measured,
    '> 0 each',
    `vacuous scenario: expected every fault to fire at least once; never injected: ${offenders(silent)}`,
  );
};
