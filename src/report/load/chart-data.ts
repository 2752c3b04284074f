import type { LoadRun } from './model.ts';

/** What the page script needs to draw one load run's chart: per-second counts and the phases. */
export interface LoadChart {
  t: number[];
  requests: number[];
  errors: number[];
  fallback: number[];
  phases: Array<{ name: string; startS: number; endS: number }>;
}

export function loadChartData(run: LoadRun): LoadChart {
  return {
    t: run.series.t,
    requests: run.series.requests,
    errors: run.series.errors,
    fallback: run.series.fallback,
    phases: run.phases.map((p) => ({ name: p.name, startS: p.startS, endS: p.startS + p.durationS })),
  };
}
