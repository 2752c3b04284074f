import type { Change, ReportDiff, RunSummary, ScenarioDiff } from './diff.ts';
import { mdCode, mdTable, mdText } from './markdown-text.ts';
import { createRedactor, type Redactor, redactDeep } from './redact.ts';

/** The word a reader scans for, per scenario. */
export function changeLabel(s: ScenarioDiff): string {
  if (s.regression) return s.change === 'added' ? 'new failure' : 'regressed';
  const labels: Record<Change, string> = {
    regressed: 'regressed',
    improved: 'improved',
    unchanged: s.improvement ? 'improved' : 'unchanged',
    added: 'added',
    removed: 'removed',
  };
  return labels[s.change];
}

/** The diff's verdict in one line. */
export function diffVerdictLine(diff: ReportDiff): string {
  const parts = [
    diff.regressions === 0
      ? 'no regression'
      : `${diff.regressions} scenario run${diff.regressions === 1 ? '' : 's'} regressed`,
  ];
  if (diff.improvements) parts.push(`${diff.improvements} improved`);
  if (diff.added) parts.push(`${diff.added} added`);
  if (diff.removed) parts.push(`${diff.removed} removed`);
  return parts.join(', ');
}

/** One line about a run, for the diff's header. */
export function runSummaryLine(run: RunSummary): string {
  const parts = [`brownout ${run.version}`, `started ${run.startedAt}`, `seed ${run.seed}`];
  if (run.gitCommit) parts.push(`commit ${run.gitCommit}`);
  parts.push(`${run.failed} of ${run.scenarios} failed`);
  return parts.join(' · ');
}

const ICONS: Record<string, string> = {
  regressed: '❌',
  'new failure': '❌',
  improved: '✅',
  removed: '⚠️',
  added: '➕',
  unchanged: '',
};

/**
 * The diff as Markdown (what `brownout report diff` prints): the verdict, both runs, then one row
 * per scenario run that changed (regressions first) with what changed; unchanged ones are counted.
 */
export function renderDiffMarkdown(input: ReportDiff, redactor: Redactor = createRedactor()): string {
  const diff = redactDeep(input, redactor);
  const changed = diff.scenarios.filter((s) => changeLabel(s) !== 'unchanged');
  const unchanged = diff.scenarios.length - changed.length;
  const out = [
    `## ${diff.regressions === 0 ? '✅' : '❌'} brownout diff: ${diffVerdictLine(diff)}`,
    '',
    `- Base: ${mdText(runSummaryLine(diff.base))}`,
    `- Head: ${mdText(runSummaryLine(diff.head))}`,
    `- A quantile (p95, p99 of latency and failover latency) moves when it changes by more than ${Math.round(diff.tolerance * 100)}% and ${diff.minDeltaMs} ms.`,
  ];
  if (changed.length > 0) {
    const rows = changed.map((s) => [
      `${ICONS[changeLabel(s)] ?? ''} ${changeLabel(s)}`.trim(),
      `${mdCode(s.id, { inTable: true })} ${mdText(s.title, 80)}`,
      mdCode(s.backend, { inTable: true }),
      `${s.base ?? '–'}${s.baseGrade ? ` (${s.baseGrade})` : ''}`,
      `${s.head ?? '–'}${s.headGrade ? ` (${s.headGrade})` : ''}`,
      s.notes.map((n) => mdText(n, 300)).join('<br>') || '–',
    ]);
    out.push('', mdTable(['', 'Scenario', 'Backend', 'Base', 'Head', 'What changed'], rows));
  }
  if (unchanged > 0) out.push('', `${unchanged} scenario run${unchanged === 1 ? '' : 's'} unchanged.`);
  if (diff.scenarios.length === 0) out.push('', 'Neither report has a scenario run.');
  return `${out.join('\n')}\n`;
}
