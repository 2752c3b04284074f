import type uPlot from 'uplot';
import type { ChartScenario } from '../chart-data.ts';
import type { ChartKit, ChartMount } from './kit.ts';

/**
 * The latency distribution as a percentile plot (x: percentile on a tail-stretching scale up to
 * p99.9, y: latency): one curve per provider from the plotted successful requests, and the exact
 * p50/p95/p99 of all successful requests and of failover latency as markers (exact: computed from
 * every request, not from the downsampled points).
 *
 * Runs in the browser from its source text: self-contained, everything from `kit`.
 */
export function distributionChart(kit: ChartKit, mount: ChartMount, sc: ChartScenario): uPlot | null {
  const UPlot = kit.uPlot;
  const theme = kit.theme;
  const TOP = 99.9;
  const STEPS = 120;
  const MARKS = [50, 95, 99];

  const byProvider = new Map<number, number[]>();
  for (let i = 0; i < sc.t.length; i++) {
    if (sc.c[i] !== 0) continue;
    const p = sc.by[i] as number;
    const list = byProvider.get(p) ?? [];
    list.push(sc.ms[i] as number);
    byProvider.set(p, list);
  }
  const hasExact = sc.latency.p50 !== null || sc.failover.p50 !== null;
  if (byProvider.size === 0 && !hasExact) {
    const empty = mount.chart.ownerDocument.createElement('p');
    empty.className = 'empty';
    empty.textContent = 'No request succeeded: there is no latency distribution to show.';
    mount.chart.append(empty);
    return null;
  }

  // Percentiles evenly spaced on the -log10(1 - p) scale, plus the marked ones exactly.
  const xs = new Set<number>(MARKS);
  for (let k = 0; k <= STEPS; k++) xs.add(Math.round(100 * (1 - 10 ** ((-3 * k) / STEPS)) * 1000) / 1000);
  const x = [...xs].filter((p) => p <= TOP).sort((a, b) => a - b);
  const nearestRank = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;

  const providers = [...byProvider.keys()].sort((a, b) => (a < 0 ? 1 : b < 0 ? -1 : a - b));
  const curves = providers.map((p) => {
    const sorted = (byProvider.get(p) as number[]).slice().sort((a, b) => a - b);
    return { p, n: sorted.length, y: x.map((q) => nearestRank(sorted, q)) };
  });
  const marks = (q: { p50: number | null; p95: number | null; p99: number | null }) =>
    x.map((p) => (p === 50 ? q.p50 : p === 95 ? q.p95 : p === 99 ? q.p99 : null));
  const colourOf = (p: number) => (p >= 0 ? (theme.providers[p] ?? theme.muted) : theme.muted);
  const nameOf = (p: number) => (p >= 0 ? (kit.providers[p] ?? '?') : 'unknown provider');

  const series: uPlot.Series[] = [
    {},
    ...curves.map((c) => ({
      label: `${nameOf(c.p)} (${c.n} plotted)`,
      stroke: colourOf(c.p),
      width: 2,
      points: { show: false },
    })),
    {
      label: 'all ok requests: exact p50 / p95 / p99',
      stroke: theme.fg,
      paths: () => null,
      points: { show: true, size: 9, width: 2, stroke: theme.fg, fill: theme.bg },
    },
    {
      label: 'failover latency: exact p50 / p95 / p99',
      stroke: theme.info,
      paths: () => null,
      points: { show: true, size: 9, width: 2, stroke: theme.info, fill: theme.info },
    },
  ];
  const data = [x, ...curves.map((c) => c.y), marks(sc.latency), marks(sc.failover)] as uPlot.AlignedData;

  const opts: uPlot.Options = {
    width: Math.max(280, mount.chart.clientWidth),
    height: 240,
    padding: [10, 28, 0, 0],
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: {
        time: false,
        distr: 100,
        fwd: (p: number) => -Math.log10(1 - Math.min(p, TOP) / 100),
        bwd: (v: number) => 100 * (1 - 10 ** -v),
        range: [0, TOP],
      },
      y: { range: (_u: uPlot, _min: number, max: number) => [0, max > 0 ? max * 1.08 : 1] },
    },
    axes: [
      // uPlot's default filter for distr >= 3 keeps only powers of ten: keep every split.
      kit.axis(theme, 'percentile', (v) => `p${v}`, {
        size: 32,
        splits: () => [0, 50, 90, 95, 99, 99.9],
        filter: (_u, s) => s,
      }),
      kit.axis(theme, 'latency', (v) => kit.formatMs(v), { size: 64 }),
    ],
    series,
  };
  const u = new UPlot(opts, data, mount.chart);

  series.forEach((s, idx) => {
    if (idx === 0 || !(data[idx] as Array<number | null>).some((v) => v != null)) return;
    kit.toggle(mount.legend, String(s.label), String(s.stroke), idx === curves.length + 1, (show) =>
      u.setSeries(idx, { show }),
    );
  });
  return u;
}
