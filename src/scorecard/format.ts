import { formatMs } from '../report/format.ts';
import type { Cell, Scorecard, ScorecardSystem } from './model.ts';

/**
 * Plain-text pieces shared by the Markdown and HTML scorecards, so a cell reads the same in both.
 * Nothing here escapes: each renderer escapes for its own format.
 */

/** The word a cell shows; a verdict (no grade in that report) carries a `*`. */
export function resultWord(cell: Cell): string {
  if (cell.result === 'not-run') return 'not run';
  return cell.basis === 'verdict' ? `${cell.result}*` : cell.result;
}

/** What the providers served, e.g. `12/0` (primary/fallback), or `–` when the system said nothing. */
export function attemptsText(cell: Cell): string {
  return cell.attempts ? `${cell.attempts.primary}/${cell.attempts.fallback}` : '–';
}

/** The cell's details on one line: served primary/fallback, time, and runs when several. */
export function cellDetail(cell: Cell): string {
  if (cell.result === 'not-run') return '';
  const runs = cell.runs > 1 ? ` · worst of ${cell.runs} runs` : '';
  return `${attemptsText(cell)} · ${formatMs(cell.durationMs)}${runs}`;
}

/** A system's summary, e.g. `12 pass · 3 degraded · 1 safe · 3 fail`. */
export function summaryText(system: ScorecardSystem): string {
  const s = system.summary;
  const parts = [`${s.pass} pass`, `${s.degraded} degraded`, `${s.safe} safe`, `${s.fail} fail`];
  if (s['not-run'] > 0) parts.push(`${s['not-run']} not run`);
  return parts.join(' · ');
}

/** The versions of a system on one line, or what is known when nothing is. */
export function versionsText(system: ScorecardSystem): string {
  const entries = Object.entries(system.versions);
  if (entries.length > 0) return entries.map(([name, v]) => `${name} ${v}`).join(', ');
  return system.kind === 'reference' ? 'brownout (this version)' : 'not known';
}

/** Whether any cell shows a verdict rather than a grade (the footnote is then needed). */
export function anyByVerdict(scorecard: Scorecard): boolean {
  return scorecard.systems.some((s) => s.summary.byVerdict > 0);
}

export const VERDICT_FOOTNOTE =
  "* verdict, not a grade: that run's report has no grade (pass = every check passed, fail = one failed); nothing was derived from it.";
export const ATTEMPTS_NOTE =
  "primary/fallback: requests the primary (openai) and the fallbacks served, from the run's stats; – when the system does not say who served.";
