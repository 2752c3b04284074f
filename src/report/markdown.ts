import {
  checkWord,
  failedFirst,
  formatMs,
  formatValue,
  neverInjected,
  runLine,
  shareOf,
  verdictLine,
} from './format.ts';
import { renderLoadMarkdown } from './load/markdown.ts';
import { mdBlock, mdCode, mdTable, mdText } from './markdown-text.ts';
import type { RunReport, ScenarioReport } from './model.ts';
import { createRedactor, type Redactor, redactDeep } from './redact.ts';

/** Scenarios listed in full under "Failed"; the rest are only counted, to keep a step summary short. */
const MAX_FAILED_DETAILED = 20;

const mark = (verdict: 'pass' | 'fail') => (verdict === 'pass' ? '✅' : '❌');

/**
 * The Markdown report, for a pull request comment or `$GITHUB_STEP_SUMMARY`: the verdict line, a
 * table of every scenario run (failed first), then each failed scenario with its failed checks,
 * errors, counterexamples and the command that replays it. Secrets are redacted.
 *
 * @example appendFileSync(process.env.GITHUB_STEP_SUMMARY, renderMarkdown(report))
 */
export function renderMarkdown(input: RunReport, redactor: Redactor = createRedactor()): string {
  const report = redactDeep(input, redactor);
  const ordered = failedFirst(report.scenarios);
  const failed = ordered.filter((s) => s.verdict === 'fail');
  const out: string[] = [];
  out.push(
    `## ${report.summary.failed === 0 && report.summary.scenarios > 0 ? '✅' : '❌'} brownout ${mdText(verdictLine(report))}`,
  );
  out.push('', mdText(runLine(report), 1000));
  if (ordered.length > 0) out.push('', summaryTable(ordered));
  if (failed.length > 0) {
    out.push('', '### Failed');
    for (const scenario of failed.slice(0, MAX_FAILED_DETAILED)) out.push('', ...failedScenario(scenario));
    if (failed.length > MAX_FAILED_DETAILED) {
      out.push(
        '',
        `…and ${failed.length - MAX_FAILED_DETAILED} more failed scenario runs: see the HTML report.`,
      );
    }
  }
  out.push(...renderLoadMarkdown(report.load ?? []));
  if (report.environment) {
    out.push('', `Command: ${mdCode(report.environment.command)}`);
  }
  return `${out.join('\n')}\n`;
}

function summaryTable(scenarios: ScenarioReport[]): string {
  const rows = scenarios.map((s) => {
    const applicable = s.checks.filter((c) => c.verdict !== 'not-applicable');
    const passedChecks = applicable.filter((c) => c.verdict === 'pass').length;
    const faults = s.faults.map((f) => `${f.kind}→${f.target} ×${f.injected}`).join(', ');
    return [
      mark(s.verdict),
      `${mdCode(s.id, { inTable: true })} ${mdText(s.title, 120)}`,
      mdCode(s.backend, { inTable: true }),
      String(s.stats.requests),
      shareOf(s.stats.succeeded, s),
      formatMs(s.stats.latencyMs.p95),
      formatMs(s.stats.failoverLatencyMs.p95),
      faults ? mdText(faults, 200) : '–',
      `${passedChecks}/${applicable.length}${applicable.length < s.checks.length ? ` (${s.checks.length - applicable.length} n/a)` : ''}`,
      s.grade ?? '–',
    ];
  });
  return mdTable(
    [
      '',
      'Grade',
      'Scenario',
      'Backend',
      'Requests',
      'OK',
      'p95',
      'Failover p95',
      'Faults injected',
      'Checks',
    ],
    rows,
    ['l', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'l', 'r'],
  );
}

function failedScenario(s: ScenarioReport): string[] {
  const lines = [`#### ❌ ${mdCode(s.id)} on ${mdCode(s.backend)}: ${mdText(s.title, 200)}`, ''];
  if (s.grade)
    lines.push(
      `Grade ${mdCode(s.grade)}${s.ideal ? ` (ideal ${mdCode(s.ideal)})` : ''}: ${mdText(s.gradeReason ?? '', 300)}`,
      '',
    );
  for (const check of s.checks.filter((c) => c.verdict === 'fail')) {
    lines.push(
      `- ${check.level === 'advisory' ? '⚠️' : '❌'} ${mdCode(check.id)}${check.level === 'advisory' ? ` (${checkWord(check)}, advisory)` : ''}: ${mdText(check.message)} (measured ${mdText(formatValue(check.measured), 200)}; threshold ${mdText(formatValue(check.threshold), 200)})`,
    );
  }
  for (const fault of neverInjected(s)) {
    lines.push(`- ⚠️ fault ${mdCode(`${fault.kind}→${fault.target}`)} was never injected`);
  }
  for (const property of s.properties.filter((p) => p.verdict === 'fail')) {
    const counterexample =
      property.counterexample === undefined
        ? ''
        : `; counterexample ${mdCode(JSON.stringify(property.counterexample) ?? '', { maxLength: 300 })}`;
    const replay = property.replay ? `; replay ${mdCode(property.replay)}` : '';
    lines.push(
      `- ❌ property ${mdCode(property.id)} (seed ${property.seed}, ${property.runs} runs)${counterexample}${replay}`,
    );
  }
  for (const error of (s.errors ?? []).slice(0, 5)) {
    lines.push(`- error ${mdCode(error.code)} ×${error.count}: ${mdText(error.sample, 300)}`);
  }
  if (s.replay) lines.push('', 'Replay:', '', mdBlock(s.replay, 'sh'));
  return lines;
}
