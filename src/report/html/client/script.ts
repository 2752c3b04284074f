import { startLoadCharts } from '../../load/client-chart.ts';
import { UPLOT_JS } from '../vendor/uplot.ts';
import { startReport } from './app.ts';
import { distributionChart } from './distribution-chart.ts';
import { chartAxis, formatDuration, legendKey, legendToggle } from './kit.ts';
import { timelineChart } from './timeline-chart.ts';

/** The page's functions by the name the page binds them to; each is self-contained (see kit.ts). */
const FUNCTIONS: Record<string, (...args: never[]) => unknown> = {
  formatDuration,
  chartAxis,
  legendToggle,
  legendKey,
  timelineChart,
  distributionChart,
  startReport,
  startLoadCharts,
};

let cached: string | undefined;

/**
 * The report page's one inline script: uPlot, then the page functions and the call that starts
 * them. Serializing functions keeps the page script type-checked with the rest of the code and
 * needs no bundler. `__name` is esbuild's keep-names helper, which tsx may add to function text.
 */
export function pageScript(): string {
  cached ??= [
    UPLOT_JS,
    '(function () {',
    '"use strict";',
    'var __name = function (fn) { return fn; };',
    // Bound by name here, whatever name a transpiler gave the function itself.
    ...Object.entries(FUNCTIONS).map(([name, fn]) => `var ${name} = (${fn.toString()});`),
    'startReport({ uPlot: window.uPlot, timelineChart: timelineChart, distributionChart: distributionChart, formatMs: formatDuration, axis: chartAxis, toggle: legendToggle, key: legendKey });',
    'startLoadCharts({ uPlot: window.uPlot, axis: chartAxis, key: legendKey });',
    '})();',
  ].join('\n');
  return cached;
}
