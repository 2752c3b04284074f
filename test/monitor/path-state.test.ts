// The path state machine: thresholds keep one odd probe from flipping a path (no alert flapping),
// N-of-M windows, degraded vs down, and the way back up.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  initialStatus,
  nextStatus,
  type PathStatus,
  type StateThresholds,
} from '../../src/monitor/path-state.ts';
import type { ProbeResult, Verdict } from '../../src/monitor/verdict.ts';

function result(verdict: Verdict, at: number): ProbeResult {
  return {
    path: 'p',
    at,
    verdict,
    durationMs: 10,
    ...(verdict === 'up' ? {} : { class: verdict === 'down' ? 'timeout' : 'slow' }),
  };
}

function run(verdicts: Verdict[], t: StateThresholds): PathStatus[] {
  const states: PathStatus[] = [];
  let s = initialStatus(0);
  verdicts.forEach((v, i) => {
    s = nextStatus(s, result(v, i + 1), t);
    states.push(s);
  });
  return states;
}

const T = { failureThreshold: 2, successThreshold: 2 };

describe('nextStatus', () => {
  it('turns down only after failureThreshold consecutive failures, and up after successThreshold', () => {
    const states = run(['up', 'down', 'up', 'down', 'down', 'up', 'down', 'up', 'up'], T).map((s) => s.state);
    expect(states).toEqual(['up', 'up', 'up', 'up', 'down', 'down', 'down', 'down', 'up']);
  });

  it('keeps the failure class while down and forgets it when up', () => {
    const states = run(['up', 'down', 'down', 'up', 'up'], T);
    expect(states[2]).toMatchObject({ state: 'down', class: 'timeout', since: 3 });
    expect(states[4]?.class).toBeUndefined();
    expect(states[4]).toMatchObject({ state: 'up', since: 5 });
  });

  it('turns degraded after failureThreshold probes that were not up, and down wins over degraded', () => {
    expect(run(['up', 'degraded', 'degraded', 'up', 'up'], T).map((s) => s.state)).toEqual([
      'up',
      'up',
      'degraded',
      'degraded',
      'up',
    ]);
    expect(run(['up', 'degraded', 'down', 'down'], T).map((s) => s.state)).toEqual([
      'up',
      'up',
      'degraded',
      'down',
    ]);
  });

  it('turns down on N failures of the last M probes, even when they alternate', () => {
    const window = { ...T, failureThreshold: 5, window: { failures: 3, of: 5 } };
    expect(run(['up', 'down', 'up', 'down', 'up', 'down'], window).map((s) => s.state)).toEqual([
      'up',
      'up',
      'up',
      'up',
      'up',
      'down',
    ]);
  });

  it('recovers from down onto the latest verdict, with a fresh window', () => {
    const window = { failureThreshold: 9, successThreshold: 2, window: { failures: 2, of: 4 } };
    const states = run(['down', 'down', 'up', 'degraded', 'up', 'down'], window);
    expect(states.map((s) => s.state)).toEqual([
      'unknown',
      'down',
      'down',
      'degraded',
      'degraded',
      'degraded',
    ]);
  });

  it('never flaps: alternating verdicts with a threshold of 2 never reach down (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.boolean(), (n, startUp) => {
        const verdicts = Array.from(
          { length: n },
          (_, i): Verdict => ((i % 2 === 0) === startUp ? 'up' : 'down'),
        );
        return run(verdicts, T).every((s) => s.state !== 'down');
      }),
    );
  });

  it('enters down only after 3 downs in a row, and comes back up only after 3 ups in a row (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Verdict>('up', 'down', 'degraded'), { maxLength: 60 }),
        (verdicts) => {
          const states = run(verdicts, { failureThreshold: 3, successThreshold: 3 });
          const last3 = (i: number) => verdicts.slice(Math.max(0, i - 2), i + 1);
          return states.every((s, i) => {
            const before = i === 0 ? 'unknown' : states[i - 1]?.state;
            if (s.state === before) return true;
            if (s.state === 'down') return last3(i).length === 3 && last3(i).every((v) => v === 'down');
            if (s.state === 'up' && before !== 'unknown')
              return last3(i).length === 3 && last3(i).every((v) => v === 'up');
            return true;
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
