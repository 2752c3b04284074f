import { describe, expect, it } from 'vitest';
import { diffReports } from '../../src/report/diff.ts';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.ts';
import { renderDiffHtml } from '../../src/report/html/diff.ts';
import type { RunReport } from '../../src/report/model.ts';
import { sampleReport, sampleScenario, XSS } from './support/sample-report.ts';

/** A report read back from disk (NaN quantiles are null there). */
const read = (report: RunReport): RunReport => JSON.parse(JSON.stringify(report));
const byId = (diff: ReturnType<typeof diffReports>, id: string) => diff.scenarios.find((s) => s.id === id);

describe('report diff', () => {
  it('finds nothing between a report and itself', () => {
    const report = read(sampleReport());
    const diff = diffReports(report, report);
    expect(diff.regressions).toBe(0);
    expect(diff.scenarios.every((s) => s.change === 'unchanged' && s.notes.length === 0)).toBe(true);
    expect(renderDiffMarkdown(diff)).toContain('## ✅ brownout diff: no regression');
  });

  it('flags a check that passed and now fails, and the scenario verdict with it', () => {
    const base = read(sampleReport());
    const head = read(sampleReport());
    const s = head.scenarios.find((x) => x.id === 'baseline')!;
    s.checks[0] = { ...s.checks[0]!, verdict: 'fail', message: 'expected 99%, saw 90%' };
    s.verdict = 'fail';
    const diff = diffReports(base, head);
    expect(diff.regressions).toBe(1);
    const d = byId(diff, 'baseline')!;
    expect(d).toMatchObject({ change: 'regressed', base: 'pass', head: 'fail', regression: true });
    expect(d.checks[0]).toMatchObject({
      id: 'availability',
      base: 'pass',
      head: 'fail',
      change: 'regressed',
      regression: true,
    });
    expect(d.notes).toContain('check availability passed and now fails: expected 99%, saw 90%');
    expect(diff.scenarios[0]?.id).toBe('baseline');
  });

  it('counts a fixed scenario as an improvement, not a regression', () => {
    const base = read(sampleReport());
    const head = read(sampleReport());
    const s = head.scenarios.find((x) => x.id === 'primary-503-burst')!;
    s.checks = s.checks.map((c) => ({ ...c, verdict: 'pass' }));
    s.properties = [];
    s.verdict = 'pass';
    const diff = diffReports(base, head);
    expect(diff.regressions).toBe(0);
    expect(diff.improvements).toBe(1);
    expect(byId(diff, 'primary-503-burst')).toMatchObject({ change: 'improved', improvement: true });
  });

  it('flags a new failing scenario and a new failing check; reports removed scenarios without failing', () => {
    const base = read(sampleReport());
    const head = read(sampleReport());
    const failing = sampleScenario({
      id: 'new-one',
      checks: [{ id: 'availability', verdict: 'fail', measured: 0.5, threshold: 0.99, message: 'half' }],
    });
    head.scenarios.push(failing);
    head.scenarios = head.scenarios.filter((s) => s.id !== 'rate-limit-storm');
    head.scenarios
      .find((s) => s.id === 'baseline')!
      .checks.push({
        id: 'retry-after-honoured',
        verdict: 'fail',
        measured: 1,
        threshold: 0,
        message: 'retried early',
      });
    const diff = diffReports(base, read(head));
    expect(byId(diff, 'new-one')).toMatchObject({
      change: 'added',
      regression: true,
      notes: ['a new scenario, and it fails'],
    });
    expect(byId(diff, 'rate-limit-storm')).toMatchObject({ change: 'removed', regression: false });
    expect(byId(diff, 'baseline')?.checks.find((c) => c.id === 'retry-after-honoured')).toMatchObject({
      change: 'added',
      regression: true,
    });
    expect(diff.regressions).toBe(2);
    expect(diff.removed).toBe(1);
  });

  it('flags p95/p99 latency and failover latency that grew beyond the tolerance and the minimum delta', () => {
    const base = read(sampleReport());
    const head = read(sampleReport());
    const s = head.scenarios.find((x) => x.id === 'primary-503-burst')!;
    s.stats.latencyMs.p99 = (base.scenarios[1]!.stats.latencyMs.p99 as number) * 1.5;
    s.stats.failoverLatencyMs.p95 = (base.scenarios[1]!.stats.failoverLatencyMs.p95 as number) * 0.5;
    const diff = diffReports(base, head, { tolerance: 0.2 });
    const q = byId(diff, 'primary-503-burst')!.quantiles;
    expect(q.find((x) => x.metric === 'latency' && x.quantile === 'p99')).toMatchObject({
      change: 'slower',
      regression: true,
      relative: 0.5,
    });
    expect(q.find((x) => x.metric === 'failover latency' && x.quantile === 'p95')).toMatchObject({
      change: 'faster',
      regression: false,
    });
    expect(diff.regressions).toBe(1);
    expect(diffReports(base, head, { tolerance: 0.6 }).regressions).toBe(0);
    // Small absolute changes are noise, whatever their ratio.
    const tiny = read(sampleReport());
    tiny.scenarios[0]!.stats.latencyMs.p95 = 1;
    const tinier = read(tiny);
    tinier.scenarios[0]!.stats.latencyMs.p95 = 3;
    expect(diffReports(tiny, tinier).regressions).toBe(0);
    expect(diffReports(tiny, tinier, { minDeltaMs: 1 }).regressions).toBe(1);
  });

  it('treats an unmeasured quantile (null) as neither slower nor faster', () => {
    const base = read(sampleReport());
    const head = read(sampleReport());
    head.scenarios[0]!.stats.failoverLatencyMs.p95 = 250;
    const q = byId(diffReports(base, head), 'baseline')!.quantiles.find(
      (x) => x.metric === 'failover latency' && x.quantile === 'p95',
    );
    expect(q).toMatchObject({ base: null, head: 250, change: 'unmeasured', regression: false });
  });

  it('validates its options', () => {
    const r = read(sampleReport());
    expect(() => diffReports(r, r, { tolerance: -1 })).toThrow(/tolerance must be 0 or more/);
  });

  it('renders Markdown with regressions first, and escaped HTML without any script', () => {
    const base = read(sampleReport());
    const head = read(sampleReport({ hostile: true }));
    head.scenarios[0]!.checks[0] = {
      ...head.scenarios[0]!.checks[0]!,
      verdict: 'fail',
      message: `now ${XSS.img}`,
    };
    head.scenarios[0]!.verdict = 'fail';
    const diff = diffReports(base, head);
    const md = renderDiffMarkdown(diff);
    expect(md.split('\n')[0]).toBe('## ❌ brownout diff: 1 scenario run regressed');
    expect(md).toContain('| ❌ regressed | `baseline`');
    expect(md).not.toMatch(/<img/);
    const page = renderDiffHtml(diff);
    expect(page).not.toMatch(/<script|<img/);
    expect(page).toContain("script-src 'none'".replaceAll("'", '&#39;'));
    expect(page).toContain('now &lt;img src=x');
    expect(page.indexOf('baseline')).toBeLessThan(page.indexOf('rate-limit-storm'));
  });
});
