import { formatMs } from '../report/format.ts';
import { mdCode, mdTable, mdText } from '../report/markdown-text.ts';
import {
  ATTEMPTS_NOTE,
  anyByVerdict,
  cellDetail,
  resultWord,
  summaryText,
  VERDICT_FOOTNOTE,
  versionsText,
} from './format.ts';
import type { Cell, Scorecard } from './model.ts';

/** A cell's link as Markdown: only relative paths brownout wrote, never a scheme. */
function linked(text: string, cell: Cell): string {
  if (!cell.link || /^[a-z][a-z0-9+.-]*:/i.test(cell.link)) return text;
  return `[${text}](${encodeURI(cell.link).replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

/**
 * scorecard.md: the scenario × system table (each cell: result, served primary/fallback, time,
 * linked to that run's HTML report), a summary row per system, then each system's versions and
 * command. Untrusted text (titles, names, commands) is escaped.
 *
 * @example await writeFile('scorecard.md', renderScorecardMarkdown(scorecard))
 */
export function renderScorecardMarkdown(scorecard: Scorecard): string {
  const header = ['scenario', ...scorecard.systems.map((s) => mdText(s.name, 60))];
  const rows = scorecard.rows.map((row) => [
    mdCode(row.scenario.id, { inTable: true }),
    ...row.cells.map((cell) => {
      const word = `**${mdText(resultWord(cell))}**`;
      const detail = cellDetail(cell);
      return `${linked(word, cell)}${detail ? ` ${mdText(detail)}` : ''}`;
    }),
  ]);
  rows.push(['**summary**', ...scorecard.systems.map((s) => mdText(summaryText(s)))]);
  const lines = [
    '# brownout scorecard',
    '',
    `${scorecard.rows.length} scenarios × ${scorecard.systems.length} systems, seed ${scorecard.seed}, ${mdText(scorecard.createdAt)}, ${formatMs(scorecard.durationMs)} in all.`,
    '',
    mdTable(header, rows),
    '',
    mdText(ATTEMPTS_NOTE),
  ];
  if (anyByVerdict(scorecard)) lines.push('', mdText(VERDICT_FOOTNOTE));
  lines.push('', '## Systems', '');
  lines.push(
    mdTable(
      ['system', 'kind', 'versions', 'exit', 'command'],
      scorecard.systems.map((s) => [
        mdText(s.name, 60),
        s.kind,
        mdText(versionsText(s)),
        s.exitCode === null ? 'killed' : String(s.exitCode),
        mdCode(s.command, { inTable: true }),
      ]),
    ),
  );
  for (const s of scorecard.systems.filter((x) => x.error))
    lines.push('', `**${mdText(s.name)}** wrote no report: ${mdCode(s.error ?? '')}`);
  const env = scorecard.environment;
  lines.push(
    '',
    `brownout ${mdText(scorecard.tool.version)} · Node ${mdText(env.node)} · ${mdText(env.platform)}/${mdText(env.arch)}, ${env.cpus} CPUs · ${mdCode(env.command)}`,
    '',
  );
  return lines.join('\n');
}
