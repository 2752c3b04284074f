import type uPlot from 'uplot';
import type { ChartScenario } from '../chart-data.ts';
import type { ChartKit, ChartMount } from './kit.ts';

/**
 * The Jepsen-style timeline: every plotted request's latency (log scale) at the time it was
 * sent, coloured by the provider that served it; failed requests as red rings, indeterminate
 * ones as orange rings; fault windows shaded and labelled; above the plot, one band per provider
 * whose breaker changed state (closed, half-open, open). Drag to zoom, double-click to reset.
 *
 * Runs in the browser from its source text: self-contained, everything from `kit`.
 */
export function timelineChart(kit: ChartKit, mount: ChartMount, sc: ChartScenario): uPlot {
  const UPlot = kit.uPlot;
  const theme = kit.theme;
  const n = sc.t.length;
  const FLOOR_MS = 0.1;
  const ROW = 10;
  const GAP = 3;
  const px = (v: number) => Math.round(v * UPlot.pxRatio);

  const x = sc.t.map((t) => t / 1000);
  const providerIdx: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = sc.by[i] as number;
    if (sc.c[i] === 0 && !providerIdx.includes(p)) providerIdx.push(p);
  }
  providerIdx.sort((a, b) => (a < 0 ? 1 : b < 0 ? -1 : a - b));
  const columns: Array<Array<number | null>> = providerIdx.map(() => new Array(n).fill(null));
  const failed: Array<number | null> = new Array(n).fill(null);
  const info: Array<number | null> = new Array(n).fill(null);
  const counts = providerIdx.map(() => 0);
  let failedCount = 0;
  let infoCount = 0;
  for (let i = 0; i < n; i++) {
    const y = Math.max(sc.ms[i] as number, FLOOR_MS);
    if (sc.c[i] === 1) {
      failed[i] = y;
      failedCount++;
    } else if (sc.c[i] === 2) {
      info[i] = y;
      infoCount++;
    } else {
      const k = providerIdx.indexOf(sc.by[i] as number);
      (columns[k] as Array<number | null>)[i] = y;
      counts[k] = (counts[k] as number) + 1;
    }
  }

  const colourOf = (p: number) => (p >= 0 ? (theme.providers[p] ?? theme.muted) : theme.muted);
  const nameOf = (p: number) => (p >= 0 ? (kit.providers[p] ?? '?') : 'unknown provider');
  const points = (colour: string, size: number, ring: boolean) => ({
    show: true,
    size,
    width: ring ? 2 : 1,
    stroke: colour,
    fill: ring ? 'rgba(0,0,0,0)' : colour,
  });
  const series: uPlot.Series[] = [
    {},
    ...providerIdx.map((p) => ({
      label: `served by ${nameOf(p)}`,
      stroke: colourOf(p),
      paths: () => null,
      points: points(colourOf(p), 5, false),
    })),
    { label: 'failed', stroke: theme.fail, paths: () => null, points: points(theme.fail, 9, true) },
    { label: 'indeterminate', stroke: theme.info, paths: () => null, points: points(theme.info, 9, true) },
  ];
  const legendCounts = [...counts, failedCount, infoCount];

  // Breaker bands: one row per provider whose breaker changed state, in provider order.
  const breakerProviders: string[] = [];
  for (const b of sc.breaker) if (!breakerProviders.includes(b.provider)) breakerProviders.push(b.provider);
  breakerProviders.sort((a, b) => kit.providers.indexOf(a) - kit.providers.indexOf(b));
  const bandHeight = breakerProviders.length * (ROW + GAP);
  const durationS = Math.max(sc.durationMs / 1000, x[n - 1] ?? 0, 0.001);

  const drawWindows = (u: uPlot) => {
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.font = `${px(11)}px ${theme.font.replace(/^[\d.]+px\s*/, '')}`;
    ctx.textBaseline = 'top';
    sc.faultWindows.forEach((w, i) => {
      const x0 = Math.max(left, u.valToPos(w.startMs / 1000, 'x', true));
      const x1 = Math.min(left + width, u.valToPos(w.endMs / 1000, 'x', true));
      if (!(x1 > x0)) return;
      ctx.fillStyle = theme.faultFill;
      ctx.fillRect(x0, top, x1 - x0, height);
      ctx.fillStyle = theme.faultLabel;
      const label = `${w.kind} → ${w.target}`;
      if (ctx.measureText(label).width < x1 - x0 - px(6))
        ctx.fillText(label, x0 + px(4), top + px(4 + (i % 3) * 13));
    });
    ctx.restore();
  };

  const drawBreakers = (u: uPlot) => {
    if (breakerProviders.length === 0) return;
    const ctx = u.ctx;
    const { left, top, width } = u.bbox;
    ctx.save();
    ctx.font = `${px(10)}px ${theme.font.replace(/^[\d.]+px\s*/, '')}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    breakerProviders.forEach((provider, row) => {
      const y = top - px(bandHeight + 4) + px(row * (ROW + GAP));
      const events = sc.breaker.filter((b) => b.provider === provider).sort((a, b) => a.atMs - b.atMs);
      let state = events[0]?.from ?? 'closed';
      let since = 0;
      const segments: Array<[number, number, string]> = [];
      for (const e of events) {
        segments.push([since, e.atMs, state]);
        state = e.to;
        since = e.atMs;
      }
      segments.push([since, durationS * 1000, state]);
      for (const [from, to, s] of segments) {
        const x0 = Math.max(left, u.valToPos(from / 1000, 'x', true));
        const x1 = Math.min(left + width, u.valToPos(to / 1000, 'x', true));
        if (!(x1 > x0)) continue;
        ctx.fillStyle = theme.breaker[s as 'open'] ?? theme.muted;
        ctx.fillRect(x0, y, x1 - x0, px(ROW));
      }
      ctx.fillStyle = theme.muted;
      ctx.fillText(`${provider} breaker`, left - px(6), y + px(ROW / 2));
    });
    ctx.restore();
  };

  const readout = (u: uPlot) => {
    if (!mount.readout) return;
    const i = u.cursor.idx;
    if (i == null || i < 0 || i >= n) {
      mount.readout.textContent = 'Point at a request for its details; drag to zoom, double-click to reset.';
      return;
    }
    const c = sc.c[i];
    const code = (sc.code[i] as number) >= 0 ? sc.codes[sc.code[i] as number] : undefined;
    const parts = [`t ${(x[i] as number).toFixed(3)} s`, kit.formatMs(sc.ms[i] as number)];
    if (c === 0) parts.push(`served by ${nameOf(sc.by[i] as number)}`);
    else parts.push(`${c === 1 ? 'failed' : 'indeterminate'}${code ? `: ${code}` : ''}`);
    parts.push(`${sc.attempts[i]} attempt${sc.attempts[i] === 1 ? '' : 's'}`);
    if (sc.stream[i]) parts.push('stream');
    mount.readout.textContent = parts.join(' · ');
  };

  const opts: uPlot.Options = {
    width: Math.max(280, mount.chart.clientWidth),
    height: 300,
    padding: [bandHeight + 10, 22, 0, 0],
    legend: { show: false },
    cursor: { drag: { x: true, y: false }, points: { show: false } },
    scales: { x: { time: false, range: [0, durationS] }, y: { distr: 3, log: 10 } },
    axes: [
      kit.axis(theme, 'seconds since the scenario started', (v) => `${v} s`, { size: 32 }),
      kit.axis(theme, 'latency (log)', (v) => kit.formatMs(v), { size: 64 }),
    ],
    series,
    hooks: { drawClear: [drawWindows], draw: [drawBreakers], setCursor: [readout] },
  };
  const u = new UPlot(opts, [x, ...columns, failed, info] as uPlot.AlignedData, mount.chart);
  readout(u);

  // Legend: one toggle button per series, then keys for the shading and the bands.
  series.forEach((s, idx) => {
    const count = legendCounts[idx - 1] ?? 0;
    const ring = idx > providerIdx.length;
    if (idx === 0 || (ring && count === 0)) return;
    kit.toggle(mount.legend, `${s.label} (${count})`, String(s.stroke), ring, (show) =>
      u.setSeries(idx, { show }),
    );
  });
  if (sc.faultWindows.length > 0) kit.key(mount.legend, theme.faultFill, 'fault window');
  if (breakerProviders.length > 0) {
    kit.key(mount.legend, theme.breaker.closed, 'breaker closed');
    kit.key(mount.legend, theme.breaker['half-open'], 'half-open');
    kit.key(mount.legend, theme.breaker.open, 'open');
  }
  return u;
}
