/**
 * `report diff` for load runs: each k6 run (matched by id) becomes one more row of the diff, its
 * thresholds compared like checks and its per-phase figures like quantiles. A regression is a
 * run that passed and now fails, a threshold that held and is now crossed, a phase whose p95 got
 * slower beyond the tolerance, or whose error rate rose by more than the tolerance (relative) and
 * one percentage point (absolute).
 */
import type { Change, CheckDiff, ScenarioDiff } from '../diff-model.ts';
import { formatMs, formatPercent } from '../format.ts';
import type { LoadPhase, LoadRun } from './model.ts';

/** The `backend` a load run shows under in the diff. */
export const LOAD_BACKEND = 'k6';
/** An error rate moves only when it changes by more than this, absolute (one percentage point). */
export const MIN_ERROR_RATE_DELTA = 0.01;

function verdictChange(base: LoadRun | undefined, head: LoadRun | undefined): Change {
  if (!base) return 'added';
  if (!head) return 'removed';
  if (base.verdict === head.verdict) return 'unchanged';
  return head.verdict === 'fail' ? 'regressed' : 'improved';
}

function thresholdDiffs(base: LoadRun, head: LoadRun): CheckDiff[] {
  const key = (t: LoadRun['thresholds'][number]) => `${t.metric}: ${t.expression}`;
  const baseBy = new Map(base.thresholds.map((t) => [key(t), t]));
  const out: CheckDiff[] = [];
  for (const h of head.thresholds) {
    const id = key(h);
    const b = baseBy.get(id);
    baseBy.delete(id);
    const headVerdict = h.ok ? 'pass' : 'fail';
    const change: Change = !b ? 'added' : b.ok === h.ok ? 'unchanged' : h.ok ? 'improved' : 'regressed';
    const diff: CheckDiff = {
      id,
      head: headVerdict,
      change,
      regression: change === 'regressed' || (change === 'added' && !h.ok),
      message: h.ok ? 'held' : 'crossed',
      measured: {},
      threshold: h.expression,
    };
    if (b) diff.base = b.ok ? 'pass' : 'fail';
    out.push(diff);
  }
  for (const [id, b] of baseBy) {
    out.push({
      id,
      base: b.ok ? 'pass' : 'fail',
      change: 'removed',
      regression: false,
      message: 'no longer set',
      measured: {},
      threshold: b.expression,
    });
  }
  return out;
}

interface PhaseMove {
  note: string;
  regression: boolean;
  improvement: boolean;
}

function phaseMoves(b: LoadPhase, h: LoadPhase, tolerance: number, minDeltaMs: number): PhaseMove[] {
  const moves: PhaseMove[] = [];
  const bp = b.latencyMs.p95;
  const hp = h.latencyMs.p95;
  if (bp !== null && hp !== null) {
    const delta = hp - bp;
    const relative = bp > 0 ? delta / bp : delta > 0 ? Number.POSITIVE_INFINITY : 0;
    if (Math.abs(relative) > tolerance && Math.abs(delta) > minDeltaMs) {
      moves.push({
        note: `${h.name} phase p95 ${formatMs(bp)} → ${formatMs(hp)}`,
        regression: delta > 0,
        improvement: delta < 0,
      });
    }
  }
  if (b.errorRate !== null && h.errorRate !== null) {
    const delta = h.errorRate - b.errorRate;
    const relative = b.errorRate > 0 ? delta / b.errorRate : delta > 0 ? Number.POSITIVE_INFINITY : 0;
    if (Math.abs(delta) > MIN_ERROR_RATE_DELTA && Math.abs(relative) > tolerance) {
      moves.push({
        note: `${h.name} phase error rate ${formatPercent(b.errorRate)} → ${formatPercent(h.errorRate)}`,
        regression: delta > 0,
        improvement: delta < 0,
      });
    }
  }
  if (b.fallbackShare !== null && h.fallbackShare !== null) {
    const delta = h.fallbackShare - b.fallbackShare;
    if (Math.abs(delta) > tolerance) {
      // Which way is better depends on the phase: more fallback under faults, less once recovered.
      moves.push({
        note: `${h.name} phase fallback share ${formatPercent(b.fallbackShare)} → ${formatPercent(h.fallbackShare)}`,
        regression: false,
        improvement: false,
      });
    }
  }
  return moves;
}

function diffRun(
  base: LoadRun | undefined,
  head: LoadRun | undefined,
  tolerance: number,
  minDeltaMs: number,
): ScenarioDiff {
  const any = (head ?? base) as LoadRun;
  const change = verdictChange(base, head);
  const checks = base && head ? thresholdDiffs(base, head) : [];
  const moves: PhaseMove[] = [];
  if (base && head) {
    for (const h of head.phases) {
      const b = base.phases.find((p) => p.name === h.name);
      if (b) moves.push(...phaseMoves(b, h, tolerance, minDeltaMs));
    }
  }
  const notes: string[] = [];
  if (change === 'regressed') notes.push('the load run passed and now fails');
  if (change === 'improved') notes.push('the load run failed and now passes');
  if (change === 'added')
    notes.push(head?.verdict === 'fail' ? 'a new load run, and it fails' : 'a new load run');
  if (change === 'removed') notes.push('no longer run');
  for (const c of checks) {
    if (c.change === 'regressed') notes.push(`threshold ${c.id} held and is now crossed`);
    else if (c.change === 'improved') notes.push(`threshold ${c.id} was crossed and now holds`);
  }
  notes.push(...moves.map((m) => m.note));
  const diff: ScenarioDiff = {
    id: any.id,
    backend: LOAD_BACKEND,
    title: any.title,
    change,
    regression:
      change === 'regressed' ||
      (change === 'added' && head?.verdict === 'fail') ||
      checks.some((c) => c.regression) ||
      moves.some((m) => m.regression),
    improvement:
      change === 'improved' ||
      checks.some((c) => c.change === 'improved') ||
      moves.some((m) => m.improvement),
    checks,
    quantiles: [],
    notes,
  };
  if (base) diff.base = base.verdict;
  if (head) diff.head = head.verdict;
  return diff;
}

/**
 * Compares the load sections of two reports, run by run (matched by id, in order for repeats).
 *
 * @example diffLoadRuns(base.load ?? [], head.load ?? [], 0.2, 5)
 */
export function diffLoadRuns(
  base: readonly LoadRun[],
  head: readonly LoadRun[],
  tolerance: number,
  minDeltaMs: number,
): ScenarioDiff[] {
  const remaining = [...base];
  const out: ScenarioDiff[] = [];
  for (const h of head) {
    const i = remaining.findIndex((b) => b.id === h.id);
    const b = i >= 0 ? remaining.splice(i, 1)[0] : undefined;
    out.push(diffRun(b, h, tolerance, minDeltaMs));
  }
  for (const b of remaining) out.push(diffRun(b, undefined, tolerance, minDeltaMs));
  return out;
}
