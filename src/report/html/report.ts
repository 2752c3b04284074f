import {
  failedFirst,
  formatMs,
  formatValue,
  neverInjected,
  runLine,
  shareOf,
  verdictLine,
} from '../format.ts';
import { loadChartData } from '../load/chart-data.ts';
import { loadDomId, loadTotals, renderLoadSection } from '../load/html.ts';
import type { RunReport, ScenarioReport } from '../model.ts';
import { createRedactor, type Redactor, redactDeep } from '../redact.ts';
import { chartScenario, type PageData, providersOf } from './chart-data.ts';
import { pageScript } from './client/script.ts';
import { htmlDocument } from './document.ts';
import { html, type SafeHtml } from './escape.ts';
import { gradeLine, upstreamTable } from './grade-sections.ts';
import {
  checksTable,
  command,
  errorsTable,
  faultsTable,
  propertiesTable,
  quantilesTable,
  trafficTable,
} from './scenario-tables.ts';
import { UPLOT_LICENSE, UPLOT_VERSION } from './vendor/uplot.ts';

/** Failed scenarios opened (and their charts drawn) when the page loads. */
const OPEN_FAILED = 3;
/** Failed scenarios listed under "What failed"; the rest are counted. */
const LISTED_FAILED = 25;

/**
 * The HTML report: one self-contained file (styles, data, uPlot and the page script inline; no
 * network). The verdict first, then what failed and why, then every scenario run, failed first,
 * with its checks, faults, traffic, errors, a Jepsen-style timeline, the latency distribution,
 * property counterexamples and the replay command; the environment last. Untrusted strings are
 * escaped here and only ever set as text by the page script; secrets are redacted.
 */
export function renderHtml(input: RunReport, redactor: Redactor = createRedactor()): string {
  const report = redactDeep(input, redactor);
  const ordered = failedFirst(report.scenarios.map((s, index) => ({ ...s, domId: `s-${index}` })));
  const providers = providersOf(report);
  const data: PageData = {
    providers,
    scenarios: Object.fromEntries(ordered.map((s) => [s.domId, chartScenario(s, providers)])),
    ...(report.load?.length
      ? { load: Object.fromEntries(report.load.map((run, i) => [loadDomId(i), loadChartData(run)])) }
      : {}),
  };
  const failed = ordered.filter((s) => s.verdict === 'fail');
  const body = html`<a class="skip" href="#scenarios">Skip to the scenarios</a>
<div class="wrap">
${header(report)}
${failed.length > 0 ? whatFailed(failed) : ''}
${renderLoadSection(report.load ?? [])}
${toolbar(ordered)}
<main id="scenarios" tabindex="-1" aria-label="Scenario runs">
<noscript><p class="muted">Charts and filters need JavaScript; every table below is complete without it.</p></noscript>
${ordered.map((s, i) => scenario(s, s.verdict === 'fail' && i < OPEN_FAILED))}
<p id="filter-empty" class="none" hidden>No scenario run matches these filters.</p>
</main>
${footer(report)}
</div>`;
  return htmlDocument({
    title: `${verdictLine(report)} · brownout resilience report`,
    body,
    data,
    script: pageScript(),
  });
}

type Scenario = ScenarioReport & { domId: string };

function header(report: RunReport): SafeHtml {
  const ok = report.summary.failed === 0 && report.summary.scenarios > 0;
  const load = loadTotals(report.load ?? []);
  const requests = report.scenarios.reduce((n, s) => n + s.stats.requests, load.requests);
  const failedRequests = report.scenarios.reduce((n, s) => n + s.stats.failed, load.failed);
  const injected = report.scenarios.reduce(
    (n, s) => n + s.faults.reduce((m, f) => m + f.injected, 0),
    load.injected,
  );
  const [word, ...rest] = verdictLine(report).split(': ');
  const skipped = report.skipped ?? [];
  return html`<header class="verdict ${ok ? 'pass' : 'fail'}">
<h1><span class="word">${ok ? '✓' : '✗'} ${word}</span> ${rest.join(': ')}</h1>
<p>${runLine(report)}</p>
<div class="cards">
<div class="card${report.summary.failed > 0 ? ' bad' : ''}"><span class="n">${report.summary.failed}</span><span class="l">of ${report.summary.scenarios} scenario runs failed</span></div>
<div class="card"><span class="n">${requests}</span><span class="l">requests</span></div>
<div class="card${failedRequests > 0 ? ' bad' : ''}"><span class="n">${failedRequests}</span><span class="l">requests failed</span></div>
<div class="card"><span class="n">${injected}</span><span class="l">faults injected</span></div>
${skipped.length > 0 ? html`<div class="card bad"><span class="n">${skipped.length}</span><span class="l">scenario runs skipped</span></div>` : ''}
</div>
${skipped.length > 0 ? html`<ul class="skipped">${skipped.map((s) => html`<li>skipped <b>${s.id}</b> (${s.backend}): ${s.reason}</li>`)}</ul>` : ''}
</header>`;
}

/** The ten-second read: each failed scenario with the checks that failed and their messages. */
function whatFailed(failed: Scenario[]): SafeHtml {
  const items = failed.slice(0, LISTED_FAILED).map(
    (
      s,
    ) => html`<li><a href="#${s.domId}"><span class="sid">${s.id}</span></a> <span class="tag">${s.backend}</span> ${s.title}
<ul class="why">${reasons(s).map((r) => html`<li>${r}</li>`)}</ul></li>`,
  );
  const more =
    failed.length > LISTED_FAILED
      ? html`<p class="muted">…and ${failed.length - LISTED_FAILED} more, below.</p>`
      : '';
  return html`<section aria-labelledby="what-failed"><h2 id="what-failed">What failed</h2><ul class="failed-list">${items}</ul>${more}</section>`;
}

/** Why a scenario failed, one line each: failed checks, failed properties, faults never injected. */
function reasons(s: ScenarioReport): SafeHtml[] {
  const lines = [
    ...s.checks
      .filter((c) => c.verdict === 'fail')
      .map(
        (c) =>
          html`<strong>${c.id}</strong>: ${c.message} <span class="muted">(measured ${formatValue(c.measured)}; threshold ${formatValue(c.threshold)})</span>`,
      ),
    ...s.properties
      .filter((p) => p.verdict === 'fail')
      .map(
        (p) =>
          html`<strong>property ${p.id}</strong> failed (seed ${p.seed})${p.message ? html`: ${p.message}` : ''}`,
      ),
    ...neverInjected(s).map((f) => html`fault <strong>${f.kind} → ${f.target}</strong> was never injected`),
  ];
  return lines.length > 0 ? lines : [html`the scenario failed without a failed check`];
}

function toolbar(scenarios: Scenario[]): SafeHtml {
  const kinds = [...new Set(scenarios.flatMap((s) => s.faults.map((f) => token(f.kind))))].sort();
  const backends = [...new Set(scenarios.map((s) => s.backend))].sort();
  const failed = scenarios.filter((s) => s.verdict === 'fail').length;
  return html`<div class="toolbar" role="search" aria-label="Filter scenario runs">
<label for="filter-q">Search <input id="filter-q" type="search" placeholder="id, title, check, error code…  ( / )" autocomplete="off"></label>
<label for="filter-verdict">Verdict <select id="filter-verdict">
<option value="all">all (${scenarios.length})</option><option value="fail">failed (${failed})</option><option value="pass">passed (${scenarios.length - failed})</option>
</select></label>
<label for="filter-fault">Fault kind <select id="filter-fault"><option value="all">all</option>${kinds.map((k) => html`<option value="${k}">${k}</option>`)}</select></label>
<label for="filter-backend">Backend <select id="filter-backend"><option value="all">all</option>${backends.map((b) => html`<option value="${b}">${b}</option>`)}</select></label>
<button type="button" id="filter-reset">Reset</button>
<button type="button" id="expand-all">Expand all</button>
<button type="button" id="collapse-all">Collapse all</button>
<output id="filter-count" aria-live="polite">${scenarios.length} scenario runs</output>
</div>`;
}

/** A filter value: whitespace-free, as the page splits data-faults on spaces. */
function token(text: string): string {
  return text.trim().replace(/\s+/g, '-');
}

function scenario(s: Scenario, open: boolean): SafeHtml {
  const search = [
    s.id,
    s.title,
    s.backend,
    s.description ?? '',
    ...s.faults.flatMap((f) => [f.kind, f.target]),
    ...s.checks.flatMap((c) => [c.id, c.message]),
    ...(s.errors ?? []).map((e) => e.code),
  ]
    .join(' ')
    .toLowerCase();
  const checksPassed = s.checks.filter((c) => c.verdict === 'pass').length;
  const kpis = [
    `${s.stats.requests} req`,
    `${shareOf(s.stats.succeeded, s)} ok`,
    `p95 ${formatMs(s.stats.latencyMs.p95)}`,
    `failover p95 ${formatMs(s.stats.failoverLatencyMs.p95)}`,
    `${checksPassed}/${s.checks.length} checks`,
  ].join(' · ');
  const firstReason = s.verdict === 'fail' ? reasons(s)[0] : undefined;
  return html`<details class="scenario" id="${s.domId}" data-verdict="${s.verdict}" data-backend="${s.backend}" data-faults="${[...new Set(s.faults.map((f) => token(f.kind)))].join(' ')}" data-search="${search}"${open ? html` open` : ''}>
<summary><span class="head"><span class="badge ${s.verdict}">${s.verdict === 'fail' ? 'FAIL' : 'PASS'}</span>${s.grade ? html`<span class="tag grade ${s.grade}" title="${`grade ${s.grade}${s.ideal ? `, ideal ${s.ideal}` : ''}${s.gradeReason ? `: ${s.gradeReason}` : ''}`}">${s.grade}</span>` : ''}<span class="sid">${s.id}</span><span>${s.title}</span><span class="tag">${s.backend}</span></span><span class="kpis">${kpis}</span>${firstReason ? html`<span class="why">${firstReason}</span>` : ''}</summary>
<div class="body">
${s.description ? html`<p class="description">${s.description}</p>` : ''}
${gradeLine(s)}
${checksTable(s)}
${upstreamTable(s)}
${s.replay ? html`<h3>Replay</h3>${command(s.replay)}` : ''}
<div class="grid2">${faultsTable(s)}${trafficTable(s)}</div>
${errorsTable(s)}
<h3>Requests over time</h3>
<figure data-chart="timeline">
<figcaption>${timelineCaption(s)}</figcaption>
<div class="chart" role="img" aria-label="${`Latency of each request over time for ${s.id}; the tables above give the numbers`}"></div>
<div class="legend" role="group" aria-label="Timeline series"></div>
<p class="readout"></p>
</figure>
<div class="grid-chart">
<div><h3>Latency distribution</h3>
<figure data-chart="distribution"><div class="chart" role="img" aria-label="${`Latency percentiles for ${s.id}`}"></div><div class="legend" role="group" aria-label="Distribution series"></div></figure></div>
<div><h3>Exact quantiles</h3>${quantilesTable(s)}</div>
</div>
${propertiesTable(s)}
${s.source ? html`<p class="muted">Scenario file: <code>${s.source}</code>${s.seed === undefined ? '' : html` · scenario seed ${s.seed}`}</p>` : ''}
</div>
</details>`;
}

function timelineCaption(s: ScenarioReport): string {
  const tl = s.timeline;
  if (!tl || tl.points.length === 0) return 'No request was recorded.';
  const plotted =
    tl.points.length < tl.total
      ? `${tl.points.length} of ${tl.total} requests plotted (every failure kept, successes thinned evenly; the quantiles are exact)`
      : `${tl.total} requests`;
  const breaker =
    tl.breaker.length === 0
      ? ' No breaker changed state.'
      : ` ${tl.breaker.length} breaker transitions (bands above the plot).`;
  return `${plotted}: latency at the time each was sent, coloured by the provider that served it; rings mark failed and indeterminate requests; shaded spans are fault windows.${breaker}`;
}

function footer(report: RunReport): SafeHtml {
  const env = report.environment;
  const rows: Array<[string, string]> = [
    ['brownout', report.tool.version],
    ['started', report.startedAt],
    ['duration', formatMs(report.durationMs)],
    ['seed', String(report.seed)],
  ];
  if (env) {
    rows.push(
      ['git commit', env.gitCommit ?? 'unknown'],
      ['node', env.node],
      ['platform', `${env.platform} ${env.arch}, ${env.cpus} CPUs`],
    );
  }
  return html`<footer>
<h2 id="environment">Environment</h2>
<table><tbody>${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td class="mono">${v}</td></tr>`)}</tbody></table>
${env ? html`<p>Command</p>${command(env.command)}` : ''}
<details><summary>Charts drawn with uPlot ${UPLOT_VERSION} (MIT license), inlined</summary><pre class="sample">${UPLOT_LICENSE}</pre></details>
</footer>`;
}
