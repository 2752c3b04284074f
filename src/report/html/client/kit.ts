import type uPlot from 'uplot';

/**
 * What the page script's functions share. They run in the browser from their source text
 * (see script.ts), so none may use anything from its module scope: everything comes in here.
 */
export interface ChartTheme {
  bg: string;
  fg: string;
  muted: string;
  grid: string;
  fail: string;
  info: string;
  faultFill: string;
  faultLabel: string;
  breaker: { closed: string; 'half-open': string; open: string };
  /** Colour of provider i (PageData.providers). */
  providers: string[];
  font: string;
}

export interface ChartKit {
  uPlot: typeof uPlot;
  theme: ChartTheme;
  providers: string[];
  formatMs: typeof formatDuration;
  axis: typeof chartAxis;
  toggle: typeof legendToggle;
  key: typeof legendKey;
}

/** The elements one chart draws into: the canvas host, its legend and its value readout. */
export interface ChartMount {
  chart: HTMLElement;
  legend: HTMLElement;
  readout?: HTMLElement | null;
}

/** A duration for axes and readouts; the page's copy of format.ts's formatMs. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 10_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  if (ms >= 1) return `${Math.round(ms * 10) / 10} ms`;
  return `${Math.round(ms * 100) / 100} ms`;
}

/** An axis in the theme's colours; `values` formats one tick. */
export function chartAxis(
  theme: ChartTheme,
  label: string,
  values: (v: number) => string,
  extra: Partial<uPlot.Axis> = {},
): uPlot.Axis {
  return {
    stroke: theme.muted,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
    font: theme.font,
    labelFont: theme.font,
    label,
    labelSize: 18,
    values: (_u: uPlot, splits: number[]) => splits.map((v) => (v == null ? '' : values(v))),
    ...extra,
  };
}

/** A legend button that shows and hides a series (a toggle button: keyboard usable, state in aria-pressed). */
export function legendToggle(
  legend: HTMLElement,
  label: string,
  colour: string,
  ring: boolean,
  onToggle: (show: boolean) => void,
): void {
  const doc = legend.ownerDocument;
  const s = doc.createElement('span');
  s.className = ring ? 'sw ring' : 'sw';
  s.style.background = colour;
  s.style.borderColor = colour;
  s.setAttribute('aria-hidden', 'true');
  const b = doc.createElement('button');
  b.type = 'button';
  b.setAttribute('aria-pressed', 'true');
  b.append(s, doc.createTextNode(label));
  b.addEventListener('click', () => {
    const show = b.getAttribute('aria-pressed') !== 'true';
    b.setAttribute('aria-pressed', String(show));
    onToggle(show);
  });
  legend.append(b);
}

/** A legend key for something that is not a series (shading, bands). */
export function legendKey(legend: HTMLElement, colour: string, text: string): void {
  const doc = legend.ownerDocument;
  const s = doc.createElement('span');
  s.className = 'sw box';
  s.style.background = colour;
  s.setAttribute('aria-hidden', 'true');
  const k = doc.createElement('span');
  k.className = 'key';
  k.append(s, doc.createTextNode(text));
  legend.append(k);
}
