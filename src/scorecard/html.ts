import { formatMs } from '../report/format.ts';
import { htmlDocument } from '../report/html/document.ts';
import { html, type SafeHtml } from '../report/html/escape.ts';
import {
  ATTEMPTS_NOTE,
  anyByVerdict,
  attemptsText,
  resultWord,
  summaryText,
  VERDICT_FOOTNOTE,
  versionsText,
} from './format.ts';
import type { Cell, Scorecard, ScorecardSystem } from './model.ts';

/** Colours per result; the page's own stylesheet (the resilience report's) supplies the palette. */
const STYLES = `
.grid-scroll { overflow-x: auto; }
table.scorecard { width: auto; min-width: 100%; }
table.scorecard th, table.scorecard td { white-space: nowrap; }
table.scorecard td.cell { border-left: 1px solid var(--border); }
.cell .r { font-weight: 700; }
.cell .d { display: block; color: var(--muted); font-size: 12px; }
.cell[data-result=pass] .r { color: var(--pass); }
.cell[data-result=degraded] .r, .cell[data-result=safe] .r { color: var(--warn); }
.cell[data-result=fail] .r { color: var(--fail); }
.cell[data-result=fail] { background: var(--fail-bg); }
.cell[data-result=not-run] .r { color: var(--muted); font-weight: 400; font-style: italic; }
table.scorecard th .title { display: block; color: var(--muted); font-size: 12px; font-weight: 400; white-space: normal; }
tr.summary th, tr.summary td { border-top: 2px solid var(--border); font-weight: 600; }
`;

/** Only a relative link that brownout wrote may become an href: no scheme, no `//` host. */
function safeHref(link: string | undefined): string | undefined {
  if (!link || /^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//')) return undefined;
  return link;
}

function cell(c: Cell, system: ScorecardSystem, scenario: string): SafeHtml {
  const word = resultWord(c);
  const href = safeHref(c.link);
  const label = `${scenario} on ${system.name}: ${word}`;
  const result = href
    ? html`<a class="r" href="${href}" aria-label="${label}">${word}</a>`
    : html`<span class="r">${word}</span>`;
  const detail =
    c.result === 'not-run'
      ? ''
      : html`<span class="d" title="served by primary/fallback · end-to-end time">${attemptsText(c)} · ${formatMs(c.durationMs)}${c.runs > 1 ? ` · worst of ${c.runs}` : ''}</span>`;
  return html`<td class="cell" data-result="${c.result}" data-basis="${c.basis}" data-system="${system.id}">${result}${detail}</td>`;
}

function systemsTable(scorecard: Scorecard): SafeHtml {
  return html`<table id="systems"><thead><tr><th scope="col">system</th><th scope="col">kind</th><th scope="col">versions</th><th scope="col" class="num">exit</th><th scope="col">report</th><th scope="col">command</th></tr></thead>
<tbody>${scorecard.systems.map((s) => {
    const href = safeHref(s.report);
    return html`<tr data-system="${s.id}"><th scope="row">${s.name}</th><td>${s.kind}</td><td class="mono">${versionsText(s)}</td><td class="num">${s.exitCode === null ? 'killed' : s.exitCode}</td><td>${href ? html`<a href="${href}">resilience report</a>` : html`<span class="none">none</span>`}</td><td class="msg"><code>${s.command}</code>${s.error ? html`<pre class="sample">${s.error}</pre>` : ''}</td></tr>`;
  })}</tbody></table>`;
}

/**
 * scorecard.html: one self-contained page (the resilience report's styles, no script, a CSP that
 * allows no network). The scenario × system table first, a summary row per system, then each
 * system's versions and command. Every string from a report or the command line is escaped.
 *
 * @example await writeFile('scorecard.html', renderScorecardHtml(scorecard))
 */
export function renderScorecardHtml(scorecard: Scorecard): string {
  const systems = scorecard.systems;
  const env = scorecard.environment;
  const body = html`<div class="wrap">
<header class="verdict">
<h1>brownout scorecard</h1>
<p>${scorecard.rows.length} scenarios × ${systems.length} systems · seed ${scorecard.seed} · ${scorecard.createdAt} · ${formatMs(scorecard.durationMs)}</p>
</header>
<main>
<h2 id="grid-title">Scenario × system</h2>
<div class="grid-scroll"><table class="scorecard" aria-labelledby="grid-title">
<thead><tr><th scope="col">scenario</th>${systems.map((s) => html`<th scope="col" data-system="${s.id}">${s.name}</th>`)}</tr></thead>
<tbody>
${scorecard.rows.map((row) => html`<tr data-scenario="${row.scenario.id}"><th scope="row"><span class="sid">${row.scenario.id}</span><span class="title">${row.scenario.title}</span></th>${row.cells.map((c, i) => cell(c, systems[i] as ScorecardSystem, row.scenario.id))}</tr>`)}
<tr class="summary"><th scope="row">summary</th>${systems.map((s) => html`<td data-system="${s.id}">${summaryText(s)}</td>`)}</tr>
</tbody></table></div>
<p class="muted">${ATTEMPTS_NOTE}</p>
${anyByVerdict(scorecard) ? html`<p class="muted" id="verdict-note">${VERDICT_FOOTNOTE}</p>` : ''}
<h2>Systems</h2>
${systemsTable(scorecard)}
</main>
<footer>
<table><tbody>
<tr><th scope="row">brownout</th><td class="mono">${scorecard.tool.version}</td></tr>
<tr><th scope="row">node</th><td class="mono">${env.node}</td></tr>
<tr><th scope="row">platform</th><td class="mono">${env.platform} ${env.arch}, ${env.cpus} CPUs</td></tr>
<tr><th scope="row">command</th><td class="mono">${env.command}</td></tr>
</tbody></table>
</footer>
</div>`;
  const totals = systems.map((s) => `${s.name}: ${s.summary.pass} pass`).join(', ');
  return htmlDocument({ title: `${totals} · brownout scorecard`, body, styles: STYLES });
}
