import type uPlot from 'uplot';
import type { PageData } from '../chart-data.ts';
import type { ChartKit, ChartMount, ChartTheme } from './kit.ts';

export interface ReportDeps {
  uPlot: typeof uPlot;
  timelineChart: (kit: ChartKit, mount: ChartMount, sc: PageData['scenarios'][string]) => uPlot;
  distributionChart: (kit: ChartKit, mount: ChartMount, sc: PageData['scenarios'][string]) => uPlot | null;
  formatMs: ChartKit['formatMs'];
  axis: ChartKit['axis'];
  toggle: ChartKit['toggle'];
  key: ChartKit['key'];
}

/**
 * The report page's behaviour on top of the server-rendered HTML: filters and search, charts
 * drawn when a scenario is opened (never for closed ones), redrawn on resize and on a change of
 * colour scheme, copy buttons, and `#s-N` links that open their scenario. All text it adds
 * goes through textContent.
 *
 * Runs in the browser from its source text: self-contained, everything from `deps`.
 */
export function startReport(deps: ReportDeps): void {
  const doc = document;
  const data = JSON.parse(doc.getElementById('report-data')?.textContent ?? '{}') as PageData;
  const scenarios = Array.from(doc.querySelectorAll<HTMLDetailsElement>('details.scenario:not(.load)'));
  const byId = <T extends HTMLElement>(id: string) => doc.getElementById(id) as T | null;

  // Filters and search.
  const q = byId<HTMLInputElement>('filter-q');
  const verdict = byId<HTMLSelectElement>('filter-verdict');
  const fault = byId<HTMLSelectElement>('filter-fault');
  const backend = byId<HTMLSelectElement>('filter-backend');
  const count = byId<HTMLOutputElement>('filter-count');
  const empty = byId<HTMLElement>('filter-empty');
  const apply = () => {
    const tokens = (q?.value ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const v = verdict?.value ?? 'all';
    const f = fault?.value ?? 'all';
    const b = backend?.value ?? 'all';
    let shown = 0;
    for (const el of scenarios) {
      const hay = el.dataset.search ?? '';
      const match =
        tokens.every((t) => hay.includes(t)) &&
        (v === 'all' || el.dataset.verdict === v) &&
        (f === 'all' || (el.dataset.faults ?? '').split(' ').includes(f)) &&
        (b === 'all' || el.dataset.backend === b);
      el.hidden = !match;
      if (match) shown++;
    }
    if (count)
      count.textContent = `Showing ${shown} of ${scenarios.length} scenario run${scenarios.length === 1 ? '' : 's'}`;
    if (empty) empty.hidden = shown > 0;
  };
  q?.addEventListener('input', apply);
  for (const select of [verdict, fault, backend]) select?.addEventListener('change', apply);
  byId('filter-reset')?.addEventListener('click', () => {
    if (q) q.value = '';
    for (const select of [verdict, fault, backend]) if (select) select.value = 'all';
    apply();
  });
  const setAll = (open: boolean) => {
    for (const el of scenarios) if (!el.hidden) el.open = open;
  };
  byId('expand-all')?.addEventListener('click', () => setAll(true));
  byId('collapse-all')?.addEventListener('click', () => setAll(false));
  doc.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    const typing =
      target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA');
    if (e.key === '/' && !typing && q) {
      e.preventDefault();
      q.focus();
    }
  });
  apply();

  // Charts: drawn when their scenario is open, redrawn on a change of colour scheme.
  const css = () => getComputedStyle(doc.documentElement);
  const readTheme = (): ChartTheme => {
    const s = css();
    const v = (name: string) => s.getPropertyValue(name).trim();
    return {
      bg: v('--bg'),
      fg: v('--fg'),
      muted: v('--muted'),
      grid: v('--grid'),
      fail: v('--fail'),
      info: v('--info'),
      faultFill: v('--fault-fill'),
      faultLabel: v('--fault-label'),
      breaker: { closed: v('--breaker-closed'), 'half-open': v('--breaker-half'), open: v('--breaker-open') },
      providers: data.providers.map((_, i) => v(`--p${i % 6}`)),
      font: `12px ${getComputedStyle(doc.body).fontFamily}`,
    };
  };
  let kit: ChartKit = {
    uPlot: deps.uPlot,
    theme: readTheme(),
    providers: data.providers,
    formatMs: deps.formatMs,
    axis: deps.axis,
    toggle: deps.toggle,
    key: deps.key,
  };
  const charts = new Map<HTMLDetailsElement, Array<{ plot: uPlot; host: HTMLElement }>>();
  const resize = new ResizeObserver((entries) => {
    for (const entry of entries) {
      for (const list of charts.values()) {
        for (const c of list) {
          const width = Math.max(280, Math.floor(entry.contentRect.width));
          if (c.host === entry.target && Math.abs(c.plot.width - width) > 2)
            c.plot.setSize({ width, height: c.plot.height });
        }
      }
    }
  });
  const render = (el: HTMLDetailsElement) => {
    if (!el.open || charts.has(el)) return;
    const sc = data.scenarios[el.id];
    if (!sc) return;
    const drawn: Array<{ plot: uPlot; host: HTMLElement }> = [];
    for (const figure of Array.from(el.querySelectorAll<HTMLElement>('figure[data-chart]'))) {
      const host = figure.querySelector<HTMLElement>('.chart');
      const legend = figure.querySelector<HTMLElement>('.legend');
      if (!host || !legend) continue;
      const mount: ChartMount = {
        chart: host,
        legend,
        readout: figure.querySelector<HTMLElement>('.readout'),
      };
      const plot =
        figure.dataset.chart === 'timeline'
          ? deps.timelineChart(kit, mount, sc)
          : deps.distributionChart(kit, mount, sc);
      if (plot) {
        drawn.push({ plot, host });
        resize.observe(host);
      }
    }
    charts.set(el, drawn);
  };
  const clear = (el: HTMLDetailsElement) => {
    for (const c of charts.get(el) ?? []) {
      resize.unobserve(c.host);
      c.plot.destroy();
    }
    for (const node of Array.from(
      el.querySelectorAll('figure[data-chart] .chart, figure[data-chart] .legend'),
    )) {
      node.replaceChildren();
    }
    charts.delete(el);
  };
  for (const el of scenarios) {
    el.addEventListener('toggle', () => {
      if (el.open) requestAnimationFrame(() => render(el));
    });
  }
  for (const el of scenarios) render(el);
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    kit = { ...kit, theme: readTheme() };
    for (const el of [...charts.keys()]) {
      clear(el);
      render(el);
    }
  });

  // Links to a scenario (#s-N) open it.
  const openTarget = () => {
    const el = location.hash ? doc.getElementById(location.hash.slice(1)) : null;
    if (el instanceof HTMLDetailsElement && el.classList.contains('scenario')) {
      el.hidden = false;
      el.open = true;
    }
  };
  window.addEventListener('hashchange', openTarget);
  openTarget();

  // Copy buttons: the clipboard where allowed, else select the text for Ctrl+C.
  for (const button of Array.from(doc.querySelectorAll<HTMLButtonElement>('button.copy'))) {
    button.addEventListener('click', () => {
      const code = button.parentElement?.querySelector('code');
      if (!code) return;
      const done = (text: string) => {
        button.textContent = text;
        setTimeout(() => {
          button.textContent = 'Copy';
        }, 1500);
      };
      const select = () => {
        const range = doc.createRange();
        range.selectNodeContents(code);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
        done('Selected');
      };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(code.textContent ?? '').then(() => done('Copied'), select);
      } else select();
    });
  }
  doc.documentElement.dataset.ready = 'true';
}
