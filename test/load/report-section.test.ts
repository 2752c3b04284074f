import { describe, expect, it } from 'vitest';
import { diffReports } from '../../src/report/diff.ts';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.ts';
import { renderHtml } from '../../src/report/html/report.ts';
import { renderJUnit } from '../../src/report/junit.ts';
import { loadTotals } from '../../src/report/load/html.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { reportSchemaErrors } from '../../src/report/schema.ts';
import { loadReport, sampleLoadRun } from './support/sample-load.ts';

/** The JSON the page script reads (`<script id="report-data">`). */
function pageData(page: string): { load?: Record<string, { t: number[]; phases: unknown[] }> } {
  const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(page)?.[1];
  return JSON.parse(json ?? '{}');
}

describe('the load section in the report', () => {
  it('validates against the report schema, and the schema refuses a share out of range', () => {
    const report = loadReport([sampleLoadRun()]);
    expect(reportSchemaErrors(report)).toEqual([]);
    const bad = loadReport([sampleLoadRun({ fault: { errorRate: 1.5 } })]);
    expect(reportSchemaErrors(bad).join('\n')).toMatch(/\/load\/0\/phases\/1\/errorRate/);
    const noSeries = JSON.parse(JSON.stringify(loadReport([sampleLoadRun()])));
    delete noSeries.load[0].series;
    expect(reportSchemaErrors(noSeries).join('\n')).toMatch(
      /\/load\/0: must have required property 'series'/,
    );
  });

  it('renders each phase in Markdown with its rate, errors, quantiles and fallback share', () => {
    const md = renderMarkdown(
      loadReport([
        sampleLoadRun({
          fault: { errorRate: 0.0312, requests: 123, ratePerSec: 12.3, droppedIterations: 4 },
        }),
      ]),
    );
    expect(md).toContain('### Load (k6)');
    expect(md).toMatch(
      /\| fault \| 123 \| 12\.3\/s \| 4 \| 3\.12% \| 20 ms \| 80 ms \| 120 ms \| 40 ms \| 90% \| 30 ms \|/,
    );
    expect(md).toContain('rate-limit→openai ×12');
    expect(md).toContain('✅ `http_req_failed{phase:fault}: rate<=0.05`');
  });

  it('says why a failed load run failed', () => {
    const run = sampleLoadRun({
      run: {
        verdict: 'fail',
        reasons: ['threshold http_req_failed{phase:fault}: rate<=0.05 was crossed'],
        thresholds: [{ metric: 'http_req_failed{phase:fault}', expression: 'rate<=0.05', ok: false }],
      },
    });
    const md = renderMarkdown(loadReport([run]));
    expect(md).toMatch(/^## ❌ brownout FAIL: 1 of 1 scenario run failed/);
    expect(md).toContain(
      'Why it failed:\n\n- ❌ threshold http\\_req\\_failed{phase:fault}: rate&lt;=0.05 was crossed',
    );
  });

  it('gives JUnit one testcase per load run, with a failure per reason', () => {
    const failed = sampleLoadRun({
      run: {
        id: 'b',
        verdict: 'fail',
        reasons: ['fault rate-limit → openai was never injected', 'k6 exited with code 107'],
      },
    });
    const xml = renderJUnit(loadReport([sampleLoadRun(), failed]));
    expect(xml).toContain('<testsuites name="brownout" tests="2" failures="1"');
    expect(xml).toContain(
      '<testcase classname="k6" name="rate-limit-storm: 429 storm under load" time="31.000">',
    );
    expect(xml.match(/<failure type="load"/g)).toHaveLength(2);
    expect(xml).toContain('message="k6 exited with code 107"');
  });

  it('puts the phases table and the chart data in the HTML page, escaped', () => {
    const run = sampleLoadRun({ run: { title: '<img src=x onerror=alert(1)> storm' } });
    const page = renderHtml(loadReport([run]));
    expect(page).toContain('<h2 id="load-runs">Load (k6)</h2>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; storm');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('<figure data-load-chart="load-0">');
    const data = pageData(page).load?.['load-0'];
    expect(data?.t).toEqual([0, 1, 2]);
    expect(data?.phases).toEqual([
      { name: 'baseline', startS: 0, endS: 10 },
      { name: 'fault', startS: 10, endS: 20 },
      { name: 'recovery', startS: 20, endS: 30 },
    ]);
    // The header cards count the load run's requests and injections.
    expect(loadTotals([run])).toEqual({ requests: 300, failed: 0, injected: 12 });
  });
});

describe('report diff of load runs', () => {
  it('flags a crossed threshold and a slower fault phase as regressions', () => {
    const base = loadReport([sampleLoadRun()]);
    const head = loadReport([
      sampleLoadRun({
        fault: { latencyMs: { count: 100, p50: 20, p95: 200, p99: 300, max: 400 } },
        run: {
          verdict: 'fail',
          thresholds: [
            { metric: 'http_req_failed{phase:fault}', expression: 'rate<=0.05', ok: false },
            { metric: 'brownout_fallback_served{phase:fault}', expression: 'rate>=0.5', ok: true },
          ],
        },
      }),
    ]);
    const diff = diffReports(base, head, { tolerance: 0.2 });
    expect(diff.regressions).toBe(1);
    const [row] = diff.scenarios;
    expect(row).toMatchObject({
      id: 'rate-limit-storm',
      backend: 'k6',
      change: 'regressed',
      regression: true,
    });
    expect(row?.notes).toEqual([
      'the load run passed and now fails',
      'threshold http_req_failed{phase:fault}: rate<=0.05 held and is now crossed',
      'fault phase p95 80 ms → 200 ms',
    ]);
    expect(renderDiffMarkdown(diff)).toContain('fault phase p95 80 ms → 200 ms');
  });

  it('keeps figures within the tolerance unchanged, and sees an error rate that rose beyond it', () => {
    const base = loadReport([sampleLoadRun({ fault: { errorRate: 0.02 } })]);
    const within = loadReport([
      sampleLoadRun({
        fault: { errorRate: 0.025, latencyMs: { count: 100, p50: 20, p95: 90, p99: 120, max: 160 } },
      }),
    ]);
    expect(diffReports(base, within, { tolerance: 0.2 })).toMatchObject({ regressions: 0, improvements: 0 });
    expect(diffReports(base, within, { tolerance: 0.2 }).scenarios[0]?.notes).toEqual([]);
    const worse = loadReport([sampleLoadRun({ fault: { errorRate: 0.08 } })]);
    const diff = diffReports(base, worse, { tolerance: 0.2 });
    expect(diff.regressions).toBe(1);
    expect(diff.scenarios[0]?.notes).toEqual(['fault phase error rate 2% → 8%']);
  });

  it('reports a load run present on one side only as added or removed', () => {
    const diff = diffReports(loadReport([]), loadReport([sampleLoadRun()]));
    expect(diff).toMatchObject({ added: 1, regressions: 0 });
    const gone = diffReports(loadReport([sampleLoadRun()]), loadReport([]));
    expect(gone).toMatchObject({ removed: 1, regressions: 0 });
  });
});
