import { formatMs, formatPercent } from '../format.ts';
import { html, type SafeHtml } from '../html/escape.ts';
import { formatShare } from './markdown.ts';
import type { LoadPhase, LoadRun } from './model.ts';

/** Requests, failed requests and faults injected over every load run (for the report's header). */
export function loadTotals(runs: readonly LoadRun[]): { requests: number; failed: number; injected: number } {
  let requests = 0;
  let failed = 0;
  let injected = 0;
  for (const run of runs) {
    for (const p of run.phases) {
      requests += p.requests;
      failed += Math.round((p.errorRate ?? 0) * p.requests);
    }
    for (const f of run.faults) injected += f.injected;
  }
  return { requests, failed, injected };
}

/** The element id of load run `index` (its chart data is keyed by it too). */
export const loadDomId = (index: number) => `load-${index}`;

function phaseRow(p: LoadPhase): SafeHtml {
  const errors = p.errorRate !== null && p.errorRate > 0 ? 'num zero' : 'num';
  return html`<tr><th scope="row">${p.name}</th><td class="num">${p.startS}–${p.startS + p.durationS} s</td><td class="num">${p.requests}</td><td class="num">${p.ratePerSec}/s</td><td class="${p.droppedIterations ? 'num zero' : 'num'}">${p.droppedIterations ?? 0}</td><td class="${errors}">${formatShare(p.errorRate)}</td><td class="num">${formatMs(p.latencyMs.p50)}</td><td class="num">${formatMs(p.latencyMs.p95)}</td><td class="num">${formatMs(p.latencyMs.p99)}</td><td class="num">${formatMs(p.ttfbMs.p95)}</td><td class="num">${p.streams.requests === 0 ? '–' : `${p.streams.complete}/${p.streams.requests}`}</td><td class="num">${formatShare(p.fallbackShare)}</td><td class="num">${formatMs(p.failoverMs.p95)}</td></tr>`;
}

function phasesTable(run: LoadRun): SafeHtml {
  return html`<table><thead><tr><th scope="col">Phase</th><th scope="col" class="num">When</th><th scope="col" class="num">Requests</th><th scope="col" class="num">Rate</th><th scope="col" class="num" title="arrivals k6 dropped for want of a free VU">Dropped</th><th scope="col" class="num">Errors</th><th scope="col" class="num">p50</th><th scope="col" class="num">p95</th><th scope="col" class="num">p99</th><th scope="col" class="num">Stream TTFB p95</th><th scope="col" class="num">Streams complete</th><th scope="col" class="num">Fallback share</th><th scope="col" class="num">Failover p95</th></tr></thead><tbody>${run.phases.map(phaseRow)}</tbody></table>`;
}

function thresholdsTable(run: LoadRun): SafeHtml {
  if (run.thresholds.length === 0) return html`<p class="none">No k6 thresholds were set.</p>`;
  const rows = run.thresholds.map(
    (t) =>
      html`<tr class="${t.ok ? 'pass' : 'fail'}"><td><span class="badge ${t.ok ? 'pass' : 'fail'}">${t.ok ? 'pass' : 'FAIL'}</span></td><td class="mono">${t.metric}</td><td class="mono">${t.expression}</td></tr>`,
  );
  return html`<table><thead><tr><th scope="col">Verdict</th><th scope="col">Metric</th><th scope="col">Threshold</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function faultsTable(run: LoadRun): SafeHtml {
  if (run.faults.length === 0) return html`<p class="none">No faults: every phase ran healthy.</p>`;
  const rows = run.faults.map(
    (f) =>
      html`<tr><td class="mono">${f.kind}</td><td>${f.target}</td><td class="num">${f.injected === 0 ? html`<span class="zero">0: never injected</span>` : f.injected}</td></tr>`,
  );
  return html`<table><thead><tr><th scope="col">Kind</th><th scope="col">Target</th><th scope="col" class="num">Injected</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function loadRun(run: LoadRun, index: number): SafeHtml {
  const id = loadDomId(index);
  const where = run.gateway === 'brownout' ? "brownout's gateway" : run.target;
  return html`<details class="scenario load" id="${id}" open>
<summary><span class="head"><span class="badge ${run.verdict}">${run.verdict === 'fail' ? 'FAIL' : 'PASS'}</span><span class="sid">${run.id}</span><span>${run.title}</span><span class="tag">k6 ${run.k6.version}</span></span><span class="kpis">${`${run.ratePerSec} req/s · ${formatPercent(run.streaming)} streamed · ${where}`}</span></summary>
<div class="body">
${run.reasons.length > 0 ? html`<ul class="why">${run.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : ''}
<h3>Phases</h3>
${phasesTable(run)}
<h3>Requests and errors per second</h3>
<figure data-load-chart="${id}">
<div class="chart" role="img" aria-label="${`Requests, errors and fallback answers per second for ${run.id}, the fault phase shaded; the table above gives the numbers`}"></div>
<div class="legend" role="group" aria-label="Load chart series"></div>
</figure>
<div class="grid2"><div><h3>Faults in the fault phase</h3>${faultsTable(run)}</div><div><h3>k6 thresholds</h3>${thresholdsTable(run)}</div></div>
<p class="muted">k6 exit code ${run.k6.exitCode} · ${formatMs(run.durationMs)}${run.source ? html` · scenario file <code>${run.source}</code>` : ''}</p>
</div>
</details>`;
}

/**
 * The report's load section: each k6 run with its phases table, the per-second chart (drawn by
 * client-chart.ts from the page data), the faults injected and the thresholds. Escaped by `html`.
 */
export function renderLoadSection(runs: readonly LoadRun[]): SafeHtml | '' {
  if (runs.length === 0) return '';
  return html`<section aria-labelledby="load-runs"><h2 id="load-runs">Load (k6)</h2>
${runs.map(loadRun)}
</section>`;
}
