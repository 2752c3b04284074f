import type { FailureClass, ProbeResult } from './verdict.ts';

/** A path's state: `unknown` until its first verdicts; the rest as in verdict.ts. */
export type PathState = 'unknown' | 'up' | 'degraded' | 'down';

/** Everything the state machine remembers about a path (persisted, so it survives a restart). */
export interface PathStatus {
  state: PathState;
  /** Epoch ms of the last change of state. */
  since: number;
  /** Consecutive probes that were down / not up / up / not down. */
  downRun: number;
  badRun: number;
  upRun: number;
  goodRun: number;
  /** The last M verdicts as down (true) or not, for N-of-M windows. */
  recent: boolean[];
  /** Why the path is down or degraded (the class of the latest such probe). */
  class?: FailureClass;
  message?: string;
}

export interface StateThresholds {
  failureThreshold: number;
  successThreshold: number;
  window?: { failures: number; of: number };
}

export function initialStatus(now: number): PathStatus {
  return { state: 'unknown', since: now, downRun: 0, badRun: 0, upRun: 0, goodRun: 0, recent: [] };
}

/**
 * The path state machine (Gatus's thresholds, Checkly's states). A path turns down after
 * `failureThreshold` consecutive down probes, or `failures` of the last `of`; degraded after as
 * many probes that were not up; up again after `successThreshold` consecutive up probes (from
 * down: as many probes that were not down lead to degraded first). One odd probe changes nothing.
 */
export function nextStatus(prev: PathStatus, result: ProbeResult, t: StateThresholds): PathStatus {
  const down = result.verdict === 'down';
  const up = result.verdict === 'up';
  const recent = t.window ? [...prev.recent, down].slice(-t.window.of) : [];
  const s: PathStatus = {
    ...prev,
    downRun: down ? prev.downRun + 1 : 0,
    badRun: up ? 0 : prev.badRun + 1,
    upRun: up ? prev.upRun + 1 : 0,
    goodRun: down ? 0 : prev.goodRun + 1,
    recent,
  };
  const byWindow = t.window !== undefined && recent.filter(Boolean).length >= t.window.failures;
  const wantDown = s.downRun >= t.failureThreshold || byWindow;
  const move = (state: PathState): PathStatus => {
    const moved = state === prev.state ? s : { ...s, state, since: result.at };
    if (state === 'up' || state === 'unknown') {
      delete moved.class;
      delete moved.message;
    } else if (result.class) {
      moved.class = result.class;
      if (result.message !== undefined) moved.message = result.message;
    }
    // Leaving down starts a fresh window, or the old failures would turn it down again at once.
    if (prev.state === 'down' && state !== 'down') moved.recent = [];
    return moved;
  };

  if (prev.state === 'down') {
    if (s.goodRun < t.successThreshold) return move('down');
    return move(s.upRun >= t.successThreshold ? 'up' : 'degraded');
  }
  if (wantDown) return move('down');
  if (s.badRun >= t.failureThreshold) return move('degraded');
  if (prev.state === 'degraded') return s.upRun >= t.successThreshold ? move('up') : move('degraded');
  if (prev.state === 'unknown') return up ? move('up') : move('unknown');
  return move('up');
}
