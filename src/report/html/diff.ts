import { type CheckDiff, type QuantileDiff, type ReportDiff, type ScenarioDiff, signed } from '../diff.ts';
import { changeLabel, diffVerdictLine, runSummaryLine } from '../diff-markdown.ts';
import { formatMs, formatValue } from '../format.ts';
import { createRedactor, type Redactor, redactDeep } from '../redact.ts';
import { htmlDocument } from './document.ts';
import { html, type SafeHtml } from './escape.ts';

/**
 * The diff as a self-contained HTML page (no script at all): the verdict, both runs, and per
 * scenario run that changed, its checks and quantiles side by side; unchanged runs collapsed.
 */
export function renderDiffHtml(input: ReportDiff, redactor: Redactor = createRedactor()): string {
  const diff = redactDeep(input, redactor);
  const changed = diff.scenarios.filter((s) => changeLabel(s) !== 'unchanged');
  const unchanged = diff.scenarios.filter((s) => changeLabel(s) === 'unchanged');
  const ok = diff.regressions === 0;
  const body = html`<div class="wrap">
<header class="verdict ${ok ? 'pass' : 'fail'}">
<h1><span class="word">${ok ? '✓ PASS' : '✗ REGRESSED'}</span> ${diffVerdictLine(diff)}</h1>
<p>Base: ${runSummaryLine(diff.base)}</p>
<p>Head: ${runSummaryLine(diff.head)}</p>
<p>A quantile (p95, p99 of latency and failover latency) moves when it changes by more than ${Math.round(diff.tolerance * 100)}% and ${diff.minDeltaMs} ms.</p>
</header>
<main id="scenarios">
${changed.length > 0 ? html`<h2>What changed</h2>${changed.map((s) => scenario(s, true))}` : html`<p class="none">No scenario run changed.</p>`}
${unchanged.length > 0 ? html`<h2>Unchanged (${unchanged.length})</h2>${unchanged.map((s) => scenario(s, false))}` : ''}
</main>
</div>`;
  return htmlDocument({ title: `brownout diff: ${diffVerdictLine(diff)}`, body });
}

function scenario(s: ScenarioDiff, open: boolean): SafeHtml {
  const label = changeLabel(s);
  const badge = s.regression ? 'fail' : label === 'improved' ? 'pass' : label === 'unchanged' ? '' : 'warn';
  const side =
    s.change === 'removed'
      ? 'Only in the base report.'
      : s.change === 'added'
        ? 'Only in the head report.'
        : '';
  return html`<details class="scenario" data-verdict="${s.regression ? 'fail' : s.improvement ? 'pass' : 'same'}"${open ? html` open` : ''}>
<summary><span class="head"><span class="badge ${badge}">${label.toUpperCase()}</span><span class="sid">${s.id}</span><span>${s.title}</span><span class="tag">${s.backend}</span></span><span class="kpis">${s.base ?? '–'} → ${s.head ?? '–'}</span>${s.notes.length > 0 ? html`<span class="${s.regression ? 'why' : 'why muted'}">${s.notes[0]}</span>` : ''}</summary>
<div class="body">
${side ? html`<p class="muted">${side}</p>` : ''}
${s.notes.length > 1 ? html`<ul>${s.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
${s.checks.length > 0 ? checks(s.checks) : ''}
${s.quantiles.length > 0 ? quantiles(s.quantiles) : ''}
</div>
</details>`;
}

function checks(list: CheckDiff[]): SafeHtml {
  const rows = list.map(
    (
      c,
    ) => html`<tr class="${c.regression ? 'fail' : ''}"><td class="id">${c.id}</td><td>${c.base ?? '–'}</td><td>${c.head ?? '–'}</td><td>${c.change}</td>
<td class="num">${'base' in c.measured ? formatValue(c.measured.base) : '–'}</td><td class="num">${'head' in c.measured ? formatValue(c.measured.head) : '–'}</td><td class="num">${formatValue(c.threshold)}</td><td class="msg">${c.message}</td></tr>`,
  );
  return html`<h3>Checks</h3><table><thead><tr><th scope="col">Check</th><th scope="col">Base</th><th scope="col">Head</th><th scope="col">Change</th><th scope="col" class="num">Measured (base)</th><th scope="col" class="num">Measured (head)</th><th scope="col" class="num">Threshold</th><th scope="col">Message</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function quantiles(list: QuantileDiff[]): SafeHtml {
  const rows = list.map(
    (
      q,
    ) => html`<tr class="${q.regression ? 'fail' : ''}"><th scope="row">${q.metric} ${q.quantile}</th><td class="num">${formatMs(q.base)}</td><td class="num">${formatMs(q.head)}</td>
<td class="num ${q.change === 'slower' ? 'diff-up' : q.change === 'faster' ? 'diff-down' : ''}">${q.relative === null ? '–' : signed(q.relative)}</td><td>${q.change}</td></tr>`,
  );
  return html`<h3>Quantiles</h3><table><thead><tr><th scope="col"></th><th scope="col" class="num">Base</th><th scope="col" class="num">Head</th><th scope="col" class="num">Change</th><th scope="col"></th></tr></thead><tbody>${rows}</tbody></table>`;
}
