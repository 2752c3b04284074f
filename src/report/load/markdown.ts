import { formatMs, formatPercent } from '../format.ts';
import { mdCode, mdTable, mdText } from '../markdown-text.ts';
import type { LoadRun } from './model.ts';

/** A share for a reader; '–' when nothing was measured. */
export function formatShare(value: number | null): string {
  return value === null ? '–' : formatPercent(value);
}

/**
 * The `load` section in Markdown: per run, one row per phase (rate, error rate, p50/p95/p99,
 * stream TTFB p95, fallback share, failover p95), the faults injected, the thresholds, and why it failed.
 * The input is already redacted.
 */
export function renderLoadMarkdown(runs: readonly LoadRun[]): string[] {
  const out: string[] = [];
  if (runs.length === 0) return out;
  out.push('', '### Load (k6)');
  for (const run of runs) {
    out.push(
      '',
      `#### ${run.verdict === 'pass' ? '✅' : '❌'} ${mdCode(run.id)}: ${mdText(run.title, 200)}`,
      '',
      `${mdText(`${run.ratePerSec} requests/s, ${formatPercent(run.streaming)} streamed, against ${run.gateway === 'brownout' ? "brownout's gateway" : run.target}; k6 ${run.k6.version} (exit ${run.k6.exitCode})`, 400)}`,
      '',
      mdTable(
        [
          'Phase',
          'Requests',
          'Rate',
          'Errors',
          'p50',
          'p95',
          'p99',
          'Stream TTFB p95',
          'Fallback',
          'Failover p95',
        ],
        run.phases.map((p) => [
          p.name,
          String(p.requests),
          `${p.ratePerSec}/s`,
          String(p.droppedIterations ?? 0),
          formatShare(p.errorRate),
          formatMs(p.latencyMs.p50),
          formatMs(p.latencyMs.p95),
          formatMs(p.latencyMs.p99),
          formatMs(p.ttfbMs.p95),
          formatShare(p.fallbackShare),
          formatMs(p.failoverMs.p95),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    const faults = run.faults.map((f) => `${f.kind}→${f.target} ×${f.injected}`).join(', ');
    out.push('', `Faults injected in the fault phase: ${faults ? mdText(faults, 300) : 'none configured'}`);
    if (run.thresholds.length > 0) {
      out.push('', 'Thresholds:', '');
      for (const t of run.thresholds)
        out.push(`- ${t.ok ? '✅' : '❌'} ${mdCode(`${t.metric}: ${t.expression}`)}`);
    }
    if (run.reasons.length > 0) out.push('', 'Why it failed:', '');
    for (const reason of run.reasons) out.push(`- ❌ ${mdText(reason)}`);
  }
  return out;
}
