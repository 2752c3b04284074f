/**
 * handleSummary: k6's end-of-test data written as JSON for `brownout load` to merge into the
 * resilience report, and a few lines on stdout (handleSummary replaces k6's own text summary).
 */
import type { LoadConfig } from './config.ts';

/** The part of k6's summary data this script reads; the file holds all of it. */
export interface SummaryData {
  metrics: Record<
    string,
    { type: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }
  >;
  state?: { testRunDurationMs?: number };
}

function thresholdLines(data: SummaryData): string[] {
  const lines: string[] = [];
  for (const name of Object.keys(data.metrics).sort()) {
    const thresholds = data.metrics[name]?.thresholds ?? {};
    for (const expression of Object.keys(thresholds)) {
      lines.push(`  ${thresholds[expression]?.ok ? 'ok  ' : 'FAIL'} ${name}: ${expression}`);
    }
  }
  return lines;
}

export function summaryOutputs(data: SummaryData, config: LoadConfig): Record<string, string> {
  const requests = data.metrics.http_reqs?.values.count ?? 0;
  const failed = data.metrics.http_req_failed?.values.rate ?? 0;
  const text = [
    `brownout load: ${requests} requests, ${(failed * 100).toFixed(2)}% failed; thresholds:`,
    ...thresholdLines(data),
    `summary written to ${config.summaryFile}`,
    '',
  ].join('\n');
  return { [config.summaryFile]: JSON.stringify(data, null, 1), stdout: text };
}
