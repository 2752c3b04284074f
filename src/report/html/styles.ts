/**
 * The report's stylesheet, inlined into every HTML report (and the diff). Light and dark follow
 * `prefers-color-scheme`; the chart colours are custom properties the page script reads, so the
 * canvases follow the theme too.
 */
export const STYLES = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --panel: #f6f8fa; --panel-2: #eef1f4;
  --link: #0550ae; --focus: #0969da;
  --fail: #cf222e; --fail-bg: #ffebe9; --fail-border: #ff8182;
  --pass: #1a7f37; --pass-bg: #dafbe1; --pass-border: #4ac26b;
  --warn: #9a6700; --warn-bg: #fff8c5;
  --info: #bc4c00;
  --grid: rgba(31, 35, 40, 0.1);
  --fault-fill: rgba(212, 167, 44, 0.16); --fault-label: #7d4e00;
  --breaker-closed: rgba(26, 127, 55, 0.35); --breaker-half: #d4a72c; --breaker-open: #cf222e;
  --p0: #0969da; --p1: #1b998b; --p2: #8250df; --p3: #a0522d; --p4: #bf3989; --p5: #57606a;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --panel: #151b23; --panel-2: #1c232c;
    --link: #4493f8; --focus: #4493f8;
    --fail: #ff7b72; --fail-bg: #3c1618; --fail-border: #8e1519;
    --pass: #3fb950; --pass-bg: #12261e; --pass-border: #238636;
    --warn: #d29922; --warn-bg: #2e2409;
    --info: #f0883e;
    --grid: rgba(230, 237, 243, 0.1);
    --fault-fill: rgba(210, 153, 34, 0.17); --fault-label: #e3b341;
    --breaker-closed: rgba(63, 185, 80, 0.35); --breaker-half: #d29922; --breaker-open: #f85149;
    --p0: #58a6ff; --p1: #39c5b0; --p2: #bc8cff; --p3: #e0a370; --p4: #f778ba; --p5: #9198a1;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
a { color: var(--link); }
code, pre, .mono { font-family: var(--mono); font-size: 12.5px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 3px; }
.skip { position: absolute; left: -9999px; top: 0; }
.skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 6px 10px; z-index: 10; }
.wrap { max-width: 1240px; margin: 0 auto; padding: 0 20px 40px; }
h1, h2, h3, h4 { line-height: 1.25; }
h2 { font-size: 17px; margin: 28px 0 10px; }
h3 { font-size: 14px; margin: 18px 0 8px; }
.muted { color: var(--muted); }
.verdict { margin: 0 -20px; padding: 18px 20px 14px; border-bottom: 1px solid var(--border); }
.verdict.fail { background: var(--fail-bg); border-color: var(--fail-border); }
.verdict.pass { background: var(--pass-bg); border-color: var(--pass-border); }
.verdict h1 { margin: 0 0 4px; font-size: 24px; }
.verdict.fail h1 .word { color: var(--fail); }
.verdict.pass h1 .word { color: var(--pass); }
.verdict p { margin: 0; color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 16px 0 0; }
.card { border: 1px solid var(--border); border-radius: 8px; padding: 8px 12px; background: var(--panel); }
.card .n { font-size: 20px; font-weight: 600; display: block; }
.card .l { color: var(--muted); font-size: 12px; }
.card.bad .n { color: var(--fail); }
.failed-list { list-style: none; padding: 0; margin: 0; }
.failed-list > li { border: 1px solid var(--fail-border); border-left: 4px solid var(--fail); border-radius: 6px; padding: 8px 12px; margin: 0 0 8px; background: var(--bg); }
.failed-list .why { margin: 4px 0 0 0; padding-left: 18px; }
.failed-list .why li { margin: 2px 0; }
.toolbar { position: sticky; top: 0; z-index: 5; background: var(--bg); border-bottom: 1px solid var(--border); margin: 24px -20px 12px; padding: 10px 20px; display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: end; }
.toolbar label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
.toolbar input, .toolbar select, button { font: inherit; color: var(--fg); background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 5px 8px; }
.toolbar input[type=search] { min-width: 260px; }
button { cursor: pointer; }
button:hover { background: var(--panel-2); }
.toolbar output { margin-left: auto; color: var(--muted); align-self: center; }
.scenario { border: 1px solid var(--border); border-radius: 8px; margin: 0 0 10px; background: var(--bg); }
.scenario[data-verdict=fail] { border-left: 4px solid var(--fail); }
.scenario[data-verdict=pass] { border-left: 4px solid var(--pass); }
.scenario[data-verdict=same] { border-left: 4px solid var(--border); }
.scenario > summary { cursor: pointer; padding: 10px 14px; display: grid; grid-template-columns: auto 1fr auto; gap: 2px 12px; align-items: baseline; list-style: none; }
.scenario > summary::-webkit-details-marker { display: none; }
.scenario > summary::before { content: "▸"; color: var(--muted); grid-row: 1; }
.scenario[open] > summary::before { content: "▾"; }
.scenario > summary .head { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; min-width: 0; }
.scenario > summary .kpis { color: var(--muted); font-size: 12.5px; white-space: nowrap; }
.scenario > summary .why { grid-column: 2 / 4; color: var(--fail); font-size: 13px; overflow-wrap: anywhere; }
.scenario[open] > summary { border-bottom: 1px solid var(--border); }
.sid { font-family: var(--mono); font-weight: 600; }
.badge { display: inline-block; font-size: 11px; font-weight: 700; letter-spacing: 0.04em; padding: 1px 7px; border-radius: 10px; border: 1px solid; }
.badge.fail { color: var(--fail); background: var(--fail-bg); border-color: var(--fail-border); }
.badge.pass { color: var(--pass); background: var(--pass-bg); border-color: var(--pass-border); }
.badge.warn { color: var(--warn); background: var(--warn-bg); border-color: var(--warn); }
.tag { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 4px; background: var(--panel-2); color: var(--muted); font-family: var(--mono); }
.badge.not-applicable { color: var(--muted); background: var(--panel-2); border-color: var(--border); }
.tag.grade.degraded, .tag.grade.safe { color: var(--warn); }
.tag.grade.fail { color: var(--fail); }
.tag.grade.pass { color: var(--pass); }
.grade-line { margin: 6px 0; color: var(--muted); }
.body { padding: 4px 16px 16px; }
.body > p.description { color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; background: var(--panel); }
tbody th { background: none; font-weight: 500; font-size: 13px; }
td.id { font-family: var(--mono); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.fail td, tr.fail th { background: var(--fail-bg); }
.scenario > summary .why.muted { color: var(--muted); }
td.msg { overflow-wrap: anywhere; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 0 24px; }
.grid-chart { display: grid; grid-template-columns: minmax(0, 3fr) minmax(300px, 2fr); gap: 0 24px; }
@media (max-width: 900px) { .grid-chart { grid-template-columns: minmax(0, 1fr); } }
.zero { color: var(--fail); font-weight: 600; }
pre.cmd { position: relative; background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 8px 90px 8px 10px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0; }
pre.cmd button.copy { position: absolute; right: 6px; top: 5px; font-size: 12px; padding: 2px 8px; }
pre.sample { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 6px 8px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 12em; overflow: auto; margin: 0; }
.chart { min-height: 60px; width: 100%; }
.chart .empty { color: var(--muted); padding: 12px 0; }
figure { margin: 10px 0 0; }
figcaption { color: var(--muted); font-size: 12.5px; margin: 0 0 6px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 8px; margin: 6px 0 0; font-size: 12.5px; align-items: center; }
.legend button { display: inline-flex; align-items: center; gap: 6px; padding: 2px 8px; font-size: 12.5px; }
.legend button[aria-pressed=false] { opacity: 0.45; text-decoration: line-through; }
.legend .key { display: inline-flex; align-items: center; gap: 6px; color: var(--muted); }
.sw { display: inline-block; width: 10px; height: 10px; border-radius: 50%; }
.sw.ring { background: transparent !important; border: 2px solid; }
.sw.box { border-radius: 2px; width: 14px; }
.readout { font-family: var(--mono); font-size: 12px; color: var(--muted); min-height: 1.5em; margin: 4px 0 0; }
.uplot { font-family: inherit; }
.uplot .u-select { background: rgba(127, 127, 127, 0.15); }
footer { margin-top: 32px; color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--border); padding-top: 12px; }
footer table { max-width: 720px; }
.none { color: var(--muted); font-style: italic; }
.diff-up { color: var(--fail); font-weight: 600; }
.diff-down { color: var(--pass); font-weight: 600; }
@media (max-width: 700px) {
  .scenario > summary { grid-template-columns: auto 1fr; }
  .scenario > summary .kpis { grid-column: 2; white-space: normal; }
  .toolbar input[type=search] { min-width: 0; width: 100%; }
}
@media print { .toolbar, .copy, .skip { display: none; } .scenario { break-inside: avoid; } }
`;
