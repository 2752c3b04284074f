import type { ScenarioReport } from '../model.ts';
import { html, type SafeHtml } from './escape.ts';

/** The grade, its reason and what the run left out, in one line. */
export function gradeLine(s: ScenarioReport): SafeHtml {
  if (!s.grade) return html``;
  const parts = [
    `Grade ${s.grade}`,
    s.ideal ? `ideal ${s.ideal}` : '',
    s.gradeReason ?? '',
    s.notSent ? `${s.notSent} requests not sent (the traffic window closed first)` : '',
    s.attemptSource === 'upstream' ? 'attempts from the upstream record (a black box)' : '',
  ].filter(Boolean);
  return html`<p class="grade-line">${parts.join(' · ')}</p>`;
}

/** What the fake providers saw, per provider. */
export function upstreamTable(s: ScenarioReport): SafeHtml {
  const u = s.upstream;
  if (!u) return html``;
  const rows = Object.entries(u.byProvider).map(
    ([provider, n]) =>
      html`<tr><td>${provider}</td><td class="num">${n.attempts}</td><td class="num">${n.failed}</td></tr>`,
  );
  const note = `${u.attempts} chat attempts reached the fake providers (${u.untagged} untagged${u.dropped ? `, ${u.dropped} dropped past the cap` : ''})`;
  return html`<h3>Upstream record</h3><p class="muted">${note}</p><table><thead><tr><th scope="col">Provider</th><th scope="col" class="num">Attempts</th><th scope="col" class="num">Failed</th></tr></thead><tbody>${rows}</tbody></table>`;
}
