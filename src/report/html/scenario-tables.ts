import { checkWord, failedFirst, formatMs, formatNumber, formatValue, shareOf } from '../format.ts';
import type { ScenarioReport } from '../model.ts';
import { html, type SafeHtml } from './escape.ts';

// The tables of one scenario run in the HTML report: checks, faults, traffic, errors, quantiles, properties.

/** A command line with a copy button. */
export function command(text: string): SafeHtml {
  return html`<pre class="cmd"><code>${text}</code><button type="button" class="copy" aria-label="Copy the command">Copy</button></pre>`;
}

export function checksTable(s: ScenarioReport): SafeHtml {
  if (s.checks.length === 0) return html`<h3>Checks</h3><p class="none">No checks ran.</p>`;
  const rows = failedFirst(s.checks).map(
    (c) =>
      html`<tr class="${c.verdict}"><td><span class="badge ${c.verdict}">${checkWord(c)}</span></td><td class="id">${c.id}${c.level === 'advisory' ? html` <span class="tag">advisory</span>` : ''}</td><td class="num">${formatValue(c.measured)}</td><td class="num">${formatValue(c.threshold)}</td><td class="msg">${c.message}</td></tr>`,
  );
  return html`<h3>Checks</h3><table><thead><tr><th scope="col">Verdict</th><th scope="col">Check</th><th scope="col" class="num">Measured</th><th scope="col" class="num">Threshold</th><th scope="col">Message</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function faultsTable(s: ScenarioReport): SafeHtml {
  if (s.faults.length === 0)
    return html`<div><h3>Faults</h3><p class="none">No faults: a baseline run.</p></div>`;
  const rows = s.faults.map(
    (f) =>
      html`<tr><td class="mono">${f.kind}</td><td>${f.target}</td><td class="num">${f.injected === 0 ? html`<span class="zero">0: never injected</span>` : f.injected}</td></tr>`,
  );
  return html`<div><h3>Faults</h3><table><thead><tr><th scope="col">Kind</th><th scope="col">Target</th><th scope="col" class="num">Injected</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function trafficTable(s: ScenarioReport): SafeHtml {
  const st = s.stats;
  const row = (label: string, value: string | number, share?: string) =>
    html`<tr><th scope="row">${label}</th><td class="num">${value}</td><td class="num muted">${share ?? ''}</td></tr>`;
  return html`<div><h3>Traffic</h3><table><tbody>
${row('requests', st.requests)}
${row('succeeded', st.succeeded, shareOf(st.succeeded, s))}
${row('failed', st.failed, shareOf(st.failed, s))}
${st.indeterminate ? row('indeterminate (stream cut after output)', st.indeterminate, shareOf(st.indeterminate, s)) : ''}
${Object.entries(st.servedBy).map(([provider, n]) => row(`served by ${provider}`, n, shareOf(n, s)))}
${st.attemptsPerRequest ? row('attempts per request', `${formatNumber(st.attemptsPerRequest.mean)} mean, ${st.attemptsPerRequest.max} max`) : ''}
</tbody></table></div>`;
}

export function errorsTable(s: ScenarioReport): SafeHtml {
  const errors = s.errors ?? [];
  if (errors.length === 0) return html``;
  const rows = [...errors]
    .sort((a, b) => b.count - a.count)
    .map(
      (e) =>
        html`<tr><td class="mono">${e.code}</td><td class="num">${e.count}</td><td><pre class="sample">${e.sample}</pre></td></tr>`,
    );
  return html`<h3>Errors callers saw</h3><table><thead><tr><th scope="col">Code</th><th scope="col" class="num">Requests</th><th scope="col">Sample message</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function quantilesTable(s: ScenarioReport): SafeHtml {
  const row = (label: string, q: ScenarioReport['stats']['latencyMs'], note: string) =>
    html`<tr><th scope="row">${label}</th>${[q.p50, q.p95, q.p99, q.max].map((v) => html`<td class="num">${formatMs(v)}</td>`)}</tr>${note ? html`<tr><td colspan="5" class="muted">${note}</td></tr>` : ''}`;
  const failoverNote = Number.isFinite(s.stats.failoverLatencyMs.p50 ?? Number.NaN)
    ? ''
    : 'No request failed over to a fallback provider.';
  return html`<table><thead><tr><th scope="col"></th><th scope="col" class="num">p50</th><th scope="col" class="num">p95</th><th scope="col" class="num">p99</th><th scope="col" class="num">max</th></tr></thead><tbody>
${row('latency (ok requests)', s.stats.latencyMs, '')}
${row('failover latency', s.stats.failoverLatencyMs, failoverNote)}
</tbody></table>`;
}

export function propertiesTable(s: ScenarioReport): SafeHtml {
  if (s.properties.length === 0) return html``;
  const rows = failedFirst(s.properties).map(
    (
      p,
    ) => html`<tr class="${p.verdict}"><td><span class="badge ${p.verdict}">${p.verdict === 'fail' ? 'FAIL' : 'pass'}</span></td><td class="id">${p.id}</td><td class="num">${p.runs}</td><td class="num">${p.seed}</td>
<td>${p.message ? html`<p>${p.message}</p>` : ''}${p.counterexample === undefined ? '' : html`<pre class="sample">${JSON.stringify(p.counterexample, null, 2)}</pre>`}${p.path ? html`<p class="muted">path <code>${p.path}</code></p>` : ''}${p.replay ? command(p.replay) : ''}</td></tr>`,
  );
  return html`<h3>Properties</h3><table><thead><tr><th scope="col">Verdict</th><th scope="col">Property</th><th scope="col" class="num">Runs</th><th scope="col" class="num">Seed</th><th scope="col">Counterexample and replay</th></tr></thead><tbody>${rows}</tbody></table>`;
}
