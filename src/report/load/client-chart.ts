import type uPlot from 'uplot';
import type { ChartKit, ChartTheme } from '../html/client/kit.ts';
import type { LoadChart } from './chart-data.ts';

export interface LoadChartDeps {
  uPlot: typeof uPlot;
  axis: ChartKit['axis'];
  key: ChartKit['key'];
}

/**
 * Draws every load run's chart (`figure[data-load-chart]`): requests, errors and fallback
 * answers per second, the fault phase shaded and each phase named. Redrawn on a change of
 * colour scheme. Runs in the browser from its source text: self-contained, everything from `deps`.
 */
export function startLoadCharts(deps: LoadChartDeps): void {
  const doc = document;
  const data = JSON.parse(doc.getElementById('report-data')?.textContent ?? '{}') as {
    load?: Record<string, LoadChart>;
  };
  const figures = Array.from(doc.querySelectorAll<HTMLElement>('figure[data-load-chart]'));
  if (!data.load || figures.length === 0) return;
  const plots: uPlot[] = [];
  const draw = () => {
    for (const p of plots.splice(0)) p.destroy();
    const style = getComputedStyle(doc.documentElement);
    const v = (name: string) => style.getPropertyValue(name).trim();
    const theme: ChartTheme = {
      bg: v('--bg'),
      fg: v('--fg'),
      muted: v('--muted'),
      grid: v('--grid'),
      fail: v('--fail'),
      info: v('--info'),
      faultFill: v('--fault-fill'),
      faultLabel: v('--fault-label'),
      breaker: { closed: v('--breaker-closed'), 'half-open': v('--breaker-half'), open: v('--breaker-open') },
      providers: [v('--p0'), v('--p1')],
      font: `12px ${getComputedStyle(doc.body).fontFamily}`,
    };
    const requestsColour = theme.providers[0] ?? theme.fg;
    const fallbackColour = theme.providers[1] ?? theme.muted;
    for (const figure of figures) {
      const chart = data.load?.[figure.dataset.loadChart ?? ''];
      const host = figure.querySelector<HTMLElement>('.chart');
      const legend = figure.querySelector<HTMLElement>('.legend');
      if (!chart || !host || !legend) continue;
      host.replaceChildren();
      legend.replaceChildren();
      const px = (n: number) => Math.round(n * deps.uPlot.pxRatio);
      const shade = (u: uPlot) => {
        const ctx = u.ctx;
        const { left, top, width, height } = u.bbox;
        ctx.save();
        ctx.font = `${px(11)}px ${theme.font.replace(/^[\d.]+px\s*/, '')}`;
        ctx.textBaseline = 'top';
        for (const phase of chart.phases) {
          const x0 = Math.max(left, u.valToPos(phase.startS, 'x', true));
          const x1 = Math.min(left + width, u.valToPos(phase.endS, 'x', true));
          if (!(x1 > x0)) continue;
          if (phase.name === 'fault') {
            ctx.fillStyle = theme.faultFill;
            ctx.fillRect(x0, top, x1 - x0, height);
          }
          ctx.fillStyle = phase.name === 'fault' ? theme.faultLabel : theme.muted;
          ctx.fillText(phase.name, x0 + px(4), top + px(4));
        }
        ctx.restore();
      };
      const line = (label: string, stroke: string) => ({ label, stroke, width: 2, points: { show: false } });
      const lastPhase = chart.phases[chart.phases.length - 1];
      const opts: uPlot.Options = {
        width: Math.max(280, host.clientWidth),
        height: 260,
        legend: { show: false },
        cursor: { drag: { x: true, y: false } },
        scales: {
          x: { time: false, range: [0, Math.max(lastPhase?.endS ?? 0, chart.t[chart.t.length - 1] ?? 0, 1)] },
        },
        axes: [
          deps.axis(theme, 'seconds since the first request', (s) => `${s} s`, { size: 32 }),
          deps.axis(theme, 'per second', (n) => String(n), { size: 48 }),
        ],
        series: [
          {},
          line('requests/s', requestsColour),
          line('errors/s', theme.fail),
          line('served by a fallback/s', fallbackColour),
        ],
        hooks: { drawClear: [shade] },
      };
      plots.push(new deps.uPlot(opts, [chart.t, chart.requests, chart.errors, chart.fallback], host));
      deps.key(legend, requestsColour, 'requests/s');
      deps.key(legend, theme.fail, 'errors/s');
      deps.key(legend, fallbackColour, 'served by a fallback/s');
      deps.key(legend, theme.faultFill, 'fault phase');
    }
  };
  draw();
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', draw);
}
