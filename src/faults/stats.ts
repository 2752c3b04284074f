import type { Fault, FaultKind } from './model.ts';

/** Requests seen and faults injected for one target. */
export interface TargetStats {
  requests: number;
  injected: number;
  byKind: Partial<Record<FaultKind, number>>;
}

/** One configured fault and how often it fired (what the report's `faults` list needs). */
export interface FaultStats {
  index: number;
  kind: FaultKind;
  target: string;
  /** Requests it could have hit. */
  seen: number;
  injected: number;
}

/**
 * What an injector did since it started or was reset. Invariants: `requests` is the sum over
 * targets, `injected` the sum over targets and kinds, and the per-fault counts sum to at most
 * `injected` (fault lists can be replaced while traffic flows).
 */
export interface InjectionStats {
  backend: string;
  requests: number;
  injected: number;
  byTarget: Record<string, TargetStats>;
  faults: FaultStats[];
}

/** Counts requests and injections per target and kind. */
export class StatsCounter {
  private requests = 0;
  private injected = 0;
  private byTarget = new Map<string, TargetStats>();

  private target(name: string): TargetStats {
    let stats = this.byTarget.get(name);
    if (!stats) {
      stats = { requests: 0, injected: 0, byKind: {} };
      this.byTarget.set(name, stats);
    }
    return stats;
  }

  /** Counts one request; returns its 1-based number for that target. */
  request(target: string): number {
    this.requests++;
    return ++this.target(target).requests;
  }

  inject(target: string, kind: FaultKind): void {
    this.injected++;
    const stats = this.target(target);
    stats.injected++;
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
  }

  reset(): void {
    this.requests = 0;
    this.injected = 0;
    this.byTarget.clear();
  }

  /** A snapshot, safe to serialize and keep. */
  snapshot(
    backend: string,
    faults: readonly Fault[],
    counters: ReadonlyArray<{ seen: number; injected: number }>,
  ): InjectionStats {
    return {
      backend,
      requests: this.requests,
      injected: this.injected,
      byTarget: Object.fromEntries(
        [...this.byTarget].map(([name, s]) => [
          name,
          { requests: s.requests, injected: s.injected, byKind: { ...s.byKind } },
        ]),
      ),
      faults: faults.map((fault, index) => ({
        index,
        kind: fault.kind,
        target: fault.target,
        seen: counters[index]?.seen ?? 0,
        injected: counters[index]?.injected ?? 0,
      })),
    };
  }
}
