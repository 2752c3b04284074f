import { html, type SafeHtml, trusted } from '../report/html/escape.ts';
import type { PathView, StatusView } from './status-view.ts';

/**
 * The status page: one self-contained HTML document, rendered on the server with no script at
 * all. Its Content-Security-Policy allows no network and no script; every string from a
 * provider, a config or an error is escaped by construction (`html`).
 */
const CSP = [
  "default-src 'none'",
  "script-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const STYLE = `
:root{color-scheme:light dark;--up:#1a7f37;--degraded:#bf8700;--down:#cf222e;--unknown:#8c959f;--line:#d0d7de}
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:1.5rem}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.path{border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}
.head{display:flex;gap:.75rem;align-items:baseline;flex-wrap:wrap}
.badge{border-radius:999px;padding:.1rem .6rem;color:#fff;font-weight:600;text-transform:uppercase;font-size:.75rem}
.state-up{background:var(--up)}.state-degraded{background:var(--degraded)}.state-down{background:var(--down)}.state-unknown{background:var(--unknown)}
.bars{display:flex;gap:2px;height:28px;align-items:flex-end;margin:.5rem 0}
.bar{flex:1;height:100%;border-radius:2px;background:var(--unknown);opacity:.35}
.bar.good{background:var(--up);opacity:1}.bar.partial{background:var(--degraded);opacity:1}.bar.bad{background:var(--down);opacity:1}
.meta{color:#57606a}.msg{font-family:ui-monospace,monospace;font-size:.8rem;word-break:break-word}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid var(--line);padding:.3rem .4rem;text-align:left}
svg{width:100%;height:48px}
`;

function percent(ratio: number | null): string {
  return ratio === null ? '–' : `${(ratio * 100).toFixed(ratio === 1 ? 0 : 2)}%`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function bar(b: PathView['bars'][number]): SafeHtml {
  const kind = b.ratio === null ? 'none' : b.ratio >= 0.999 ? 'good' : b.ratio > 0 ? 'partial' : 'bad';
  const label = `${iso(b.start)}: ${b.ratio === null ? 'no data' : `${percent(b.ratio)} up`}`;
  return html`<div class="bar ${kind}" title="${label}" data-ratio="${b.ratio === null ? '' : b.ratio.toFixed(4)}"></div>`;
}

/** Latency over time as an inline SVG polyline (no script, no chart library needed). */
function sparkline(points: PathView['latency']): SafeHtml {
  if (points.length < 2) return html`<p class="meta">Not enough probes yet for a latency chart.</p>`;
  const max = Math.max(...points.map((p) => p.ms), 1);
  const step = 600 / (points.length - 1);
  const coords = points
    .map((p, i) => `${(i * step).toFixed(1)},${(46 - (p.ms / max) * 44).toFixed(1)}`)
    .join(' ');
  const downs = points
    .map((p, i) =>
      p.down
        ? `<circle cx="${(i * step).toFixed(1)}" cy="${(46 - (p.ms / max) * 44).toFixed(1)}" r="2.5" fill="#cf222e"/>`
        : '',
    )
    .join('');
  return html`<svg viewBox="0 0 600 48" preserveAspectRatio="none" role="img" aria-label="latency of the last ${points.length} probes, up to ${Math.round(max)} ms"><polyline fill="none" stroke="currentColor" stroke-width="1.5" points="${coords}"/>${trusted(downs)}</svg>`;
}

function pathCard(p: PathView): SafeHtml {
  return html`<section class="path" data-path="${p.id}" data-state="${p.state}">
<div class="head"><span class="badge state-${p.state}">${p.state}</span><strong>${p.id}</strong>
<span class="meta">${p.kind} · ${p.provider} · ${p.model} · since ${iso(p.since)}</span></div>
${p.class ? html`<p>class <code class="class">${p.class}</code> <span class="msg">${p.message ?? ''}</span></p>` : ''}
<p class="uptime">uptime 24h <b data-window="24h">${percent(p.uptime['24h'])}</b> · 7d <b data-window="7d">${percent(p.uptime['7d'])}</b> · 30d <b data-window="30d">${percent(p.uptime['30d'])}</b></p>
<div class="bars" aria-label="uptime per hour, last 24 hours">${p.bars.map(bar)}</div>
${sparkline(p.latency)}
</section>`;
}

export function renderStatusPage(view: StatusView, refreshS = 30): string {
  const down = view.paths.filter((p) => p.state === 'down').length;
  const overall = down > 0 ? 'down' : view.paths.some((p) => p.state === 'degraded') ? 'degraded' : 'up';
  const incidents = view.incidents.map(
    (i) =>
      html`<tr><td>${i.path}</td><td>${i.state}</td><td><code>${i.class ?? ''}</code></td><td>${iso(i.startedAt)}</td><td>${i.endedAt === null ? 'ongoing' : iso(i.endedAt)}</td><td class="msg">${i.message ?? ''}</td></tr>`,
  );
  return `${html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta http-equiv="refresh" content="${refreshS}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${view.monitor}: ${overall}</title><style>${trusted(STYLE)}</style></head>
<body><header><h1>${view.monitor}</h1>
<p class="meta">Overall <span class="badge state-${overall}" id="overall">${overall}</span> · ${view.paths.length} paths · updated ${iso(view.generatedAt)}</p></header>
<main>${view.paths.map(pathCard)}
<h2>Recent incidents</h2>
${incidents.length === 0 ? html`<p class="meta" id="no-incidents">No incidents recorded.</p>` : html`<table id="incidents"><thead><tr><th>path</th><th>state</th><th>class</th><th>started</th><th>ended</th><th>message</th></tr></thead><tbody>${incidents}</tbody></table>`}
</main></body></html>`}\n`;
}

export { CSP as STATUS_PAGE_CSP };
