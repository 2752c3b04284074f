import type { RunReport, ScenarioReport } from './model.ts';

/**
 * Plain-text formatting shared by every renderer (Markdown, JUnit, HTML, the diff), so that a
 * value reads the same wherever a reviewer meets it. Nothing here escapes: each renderer escapes
 * for its own format.
 */

/** A quantile or duration: NaN and null (a JSON report's NaN) mean "not measured". */
export function isMeasured(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * A duration in ms for a reader: whole ms from 10 ms up, one decimal below, seconds from 10 s.
 *
 * @example formatMs(1234.5) // '1235 ms'
 * @example formatMs(Number.NaN) // '–'
 */
export function formatMs(value: unknown): string {
  if (!isMeasured(value)) return '–';
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ms`;
}

/** A fraction as a percentage, e.g. 0.99512 → '99.51%'. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  return `${Math.round(fraction * 10_000) / 100}%`;
}

/** A number for a reader: integers as they are, others to four significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

/**
 * A check's `measured` or `threshold` (any JSON-able value) on one line.
 *
 * @example formatValue({ p95: 812.25, p99: 1300 }) // 'p95 812.3, p99 1300'
 * @example formatValue(null) // 'not measured'
 */
export function formatValue(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return 'not measured';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (depth > 2) return JSON.stringify(value) ?? String(value);
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v, depth + 1)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return entries.map(([k, v]) => `${k} ${formatValue(v, depth + 1)}`).join(', ');
  }
  return String(value);
}

/** A scenario's identity within a run: the same scenario runs once per backend. */
export function scenarioKey(scenario: Pick<ScenarioReport, 'id' | 'backend'>): string {
  return `${scenario.id}@${scenario.backend}`;
}

/** Scenarios in reading order: failed first, otherwise in run order. */
export function failedFirst<T extends { verdict: string }>(scenarios: readonly T[]): T[] {
  return [...scenarios].sort((a, b) =>
    a.verdict === b.verdict ? 0 : a.verdict === 'fail' ? -1 : b.verdict === 'fail' ? 1 : 0,
  );
}

/** A check's verdict word for a reader: FAIL, pass, n/a (a check this system cannot be held to). */
export function checkWord(check: { verdict: string; level?: string }): string {
  if (check.verdict === 'not-applicable') return 'n/a';
  if (check.verdict === 'fail') return check.level === 'advisory' ? 'WARN' : 'FAIL';
  return 'pass';
}

/** A scenario run's grade for a reader (reports from before grades: from the verdict). */
export function gradeOf(s: Pick<ScenarioReport, 'verdict' | 'grade'>): string {
  return s.grade ?? s.verdict;
}

/** The run's verdict in one line, e.g. 'FAIL: 2 of 12 scenario runs failed'. */
export function verdictLine(report: Pick<RunReport, 'summary'>): string {
  const { scenarios, failed, skipped = 0 } = report.summary;
  const andSkipped = skipped > 0 ? `, ${skipped} skipped` : '';
  if (scenarios === 0) return `FAIL: no scenario ran${andSkipped}`;
  if (failed === 0)
    return `PASS: all ${scenarios} scenario run${scenarios === 1 ? '' : 's'} passed${andSkipped}`;
  return `FAIL: ${failed} of ${scenarios} scenario run${scenarios === 1 ? '' : 's'} failed${andSkipped}`;
}

/** A share of a scenario's requests, e.g. servedBy or succeeded, as a percentage of all requests. */
export function shareOf(count: number, scenario: Pick<ScenarioReport, 'stats'>): string {
  return formatPercent(scenario.stats.requests === 0 ? Number.NaN : count / scenario.stats.requests);
}

/** Faults a scenario declared but never injected: such a scenario proves nothing about them. */
export function neverInjected(scenario: Pick<ScenarioReport, 'faults'>): ScenarioReport['faults'] {
  return scenario.faults.filter((f) => f.injected === 0);
}

/** One line saying which run this was, for headers and footers. */
export function runLine(report: RunReport): string {
  const parts = [
    `${report.tool.name} ${report.tool.version}`,
    `started ${report.startedAt}`,
    `took ${formatMs(report.durationMs)}`,
    `seed ${report.seed}`,
  ];
  if (report.environment?.gitCommit) parts.push(`commit ${report.environment.gitCommit}`);
  return parts.join(' · ');
}
