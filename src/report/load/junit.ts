import type { LoadRun } from './model.ts';

/** XML escaping as the JUnit renderer does it (passed in: one escaper for the whole file). */
type Escape = (text: string) => string;

/**
 * One JUnit testcase per load run (classname `k6`), one `<failure>` per reason it failed
 * (crossed thresholds, faults never injected, k6 errors); the thresholds in system-out.
 */
export function loadTestcase(run: LoadRun, xmlEscape: Escape): string[] {
  const text = (lines: string[]) => xmlEscape(lines.join('\n')).replace(/&#10;/g, '\n');
  const out = [
    `    <testcase classname="k6" name="${xmlEscape(`${run.id}: ${run.title}`)}" time="${(run.durationMs / 1000).toFixed(3)}">`,
  ];
  const reasons = run.verdict === 'fail' && run.reasons.length === 0 ? ['the load run failed'] : run.reasons;
  for (const reason of run.verdict === 'fail' ? reasons : []) {
    out.push(`      <failure type="load" message="${xmlEscape(reason)}">${text([reason])}</failure>`);
  }
  const lines = [
    ...run.phases.map(
      (p) =>
        `${p.name}: ${p.requests} requests, error rate ${p.errorRate ?? '–'}, p95 ${p.latencyMs.p95 ?? '–'} ms, fallback share ${p.fallbackShare ?? '–'}`,
    ),
    ...run.thresholds.map((t) => `${t.ok ? 'pass' : 'FAIL'} ${t.metric}: ${t.expression}`),
  ];
  out.push(`      <system-out>${text(lines)}</system-out>`, '    </testcase>');
  return out;
}
