import { z } from 'zod';
import type { History } from '../history/history.ts';
import type { Checker } from './check.ts';
import { offenders, verdict } from './verdict.ts';

export const faultInjectedOptions = z.strictObject({});
export type FaultInjectedOptions = z.infer<typeof faultInjectedOptions>;

/**
 * A check that could not fail is a defect: every fault of the scenario was injected at least once,
 * else the scenario is vacuous. Measured: the injection count per fault.
 *
 * The runner's own probe is part of the scenario (it is made only for a provider the scenario's
 * `provider-probe` judges, when the system offers no probe of its own): a fault it met fired. The
 * message says so when only the probe met it, so no one reads it as the system's traffic.
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
        : `every fault fired: ${history.faults.map((f) => `${f.kind} on ${f.target} ×${history.injected[f.index]}${onProbe(history, f.index)}`).join(', ')}`,
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

/** How many of a fault's injections met the runner's probe, for the message ('' when none). */
function onProbe(history: History, index: number): string {
  const probe = (history.upstream?.probes ?? []).filter((a) => a.fault?.index === index).length;
  if (probe === 0) return '';
  // The backend's count covers every request it saw, the probe's included.
  return probe >= (history.injected[index] ?? 0)
    ? " (on the runner's probe only: the system under test never reached it)"
    : ` (${probe} on the runner's probe)`;
}
