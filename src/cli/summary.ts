import type { RunReport } from '../report/model.ts';

/** A quantile for the table; '-' when nothing was measured. */
const ms = (value: number | null) => (value === null ? '-' : String(Math.round(value)));
const pad = (text: string, width: number) =>
  text.length >= width ? text : text + ' '.repeat(width - text.length);

/** Checks passed out of those that apply, and how many do not apply to this system. */
function checksCell(checks: RunReport['scenarios'][number]['checks']): string {
  const applicable = checks.filter((c) => c.verdict !== 'not-applicable');
  const na = checks.length - applicable.length;
  return `${applicable.filter((c) => c.verdict === 'pass').length}/${applicable.length}${na > 0 ? ` (${na} n/a)` : ''}`;
}

/** The table printed at the end of a run: one row per scenario and backend, failures first. */
export function printSummary(report: RunReport, out: NodeJS.WritableStream): void {
  const rows = [...report.scenarios]
    .sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === 'fail' ? -1 : 1))
    .map((s) => [
      s.verdict === 'pass' ? 'pass' : 'FAIL',
      s.grade ?? '-',
      s.id,
      s.backend,
      String(s.stats.requests),
      `${((s.stats.succeeded / Math.max(1, s.stats.requests)) * 100).toFixed(1)}%`,
      ms(s.stats.latencyMs.p99),
      ms(s.stats.failoverLatencyMs.p99),
      checksCell(s.checks),
    ]);
  const header = [
    'verdict',
    'grade',
    'scenario',
    'backend',
    'requests',
    'ok',
    'p99 ms',
    'failover p99',
    'checks',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i] as number))
      .join('  ')
      .trimEnd();
  out.write(`\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const row of rows) out.write(`${line(row)}\n`);
  for (const s of report.skipped ?? []) out.write(`skip  ${s.id}  ${s.backend}  ${s.reason}\n`);
  const { scenarios, passed, failed, skipped = 0, grades } = report.summary;
  const andSkipped = skipped > 0 ? `, ${skipped} skipped` : '';
  const graded = grades
    ? ` [${Object.entries(grades)
        .map(([grade, n]) => `${grade} ${n}`)
        .join(', ')}]`
    : '';
  const notSent = report.scenarios.reduce((n, s) => n + (s.notSent ?? 0), 0);
  const took = `(seed ${report.seed}, ${(report.durationMs / 1000).toFixed(1)} s)`;
  // A run that ran nothing proved nothing: never a pass.
  out.write(
    scenarios === 0
      ? `\nFAIL: no scenario ran${andSkipped} ${took}\n`
      : `\n${failed === 0 ? 'PASS' : 'FAIL'}: ${passed} of ${scenarios} scenario runs passed, ${failed} failed${andSkipped}${graded} ${took}\n`,
  );
  if (notSent > 0)
    out.write(`${notSent} requests were not sent: the traffic window (maxDurationMs) closed first\n`);
}
