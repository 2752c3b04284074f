import * as z from 'zod';
import { FaultValidationError } from './errors.ts';
import { formatIssues } from './issues.ts';
import { MAX_MS } from './limits.ts';
import { type Fault, parseFaults } from './model.ts';

/** A named stretch of a run with its own faults, e.g. baseline, disrupt, recover. */
export interface Phase {
  name: string;
  durationMs: number;
  faults?: readonly unknown[];
}

const PhaseShape = z.array(
  z.strictObject({
    name: z.string({ error: 'must be a non-empty string' }).min(1, { error: 'must be a non-empty string' }),
    durationMs: z
      .number({ error: `must be an integer in the range [1, ${MAX_MS}] (milliseconds)` })
      .int({ error: `must be an integer in the range [1, ${MAX_MS}] (milliseconds)` })
      .min(1, { error: `must be an integer in the range [1, ${MAX_MS}] (milliseconds)` })
      .max(MAX_MS, { error: `must be an integer in the range [1, ${MAX_MS}] (milliseconds)` }),
    faults: z.array(z.unknown(), { error: 'must be an array of faults' }).default([]),
  }),
  { error: 'must be an array of phases' },
);

/**
 * Turns consecutive phases into one fault list whose time windows follow the phases: a fault of
 * phase i is active from the phase's start (plus its own `startMs`) to the phase's end at the latest.
 *
 * @example
 * compilePhases([
 *   { name: 'baseline', durationMs: 5000, faults: [] },
 *   { name: 'outage', durationMs: 10000, faults: [{ kind: 'http-error', target: 'openai', status: 503 }] },
 * ]); // [{ kind: 'http-error', ..., startMs: 5000, durationMs: 10000 }]
 */
export function compilePhases(phases: unknown, where = 'phases'): Fault[] {
  const parsed = PhaseShape.safeParse(phases, { reportInput: true });
  if (!parsed.success) {
    throw new FaultValidationError(
      formatIssues(parsed.error.issues, where, phases, {
        kinds: [],
        fieldsAt: () => ['name', 'durationMs', 'faults'],
      }),
    );
  }
  const out: Fault[] = [];
  let phaseStart = 0;
  for (const [i, phase] of parsed.data.entries()) {
    for (const fault of parseFaults(phase.faults, `${where}[${i}].faults`)) {
      const offset = Math.min(fault.startMs, phase.durationMs);
      const room = phase.durationMs - offset;
      out.push({
        ...fault,
        startMs: Math.min(phaseStart + offset, MAX_MS),
        durationMs: Math.min(fault.durationMs ?? room, room),
      });
    }
    phaseStart += phase.durationMs;
  }
  return out;
}
