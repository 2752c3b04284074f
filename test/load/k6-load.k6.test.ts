/**
 * Real k6 against brownout's gateway: three short phases at a low rate, then the merged report
 * read back from disk. No k6 is a failure (see support/k6.ts), never a skip.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import { readReportFile } from '../../src/report/schema.ts';
import { writeReports } from '../../src/report/write.ts';
import { freePort, startDaemon } from '../cli/support/cli.ts';
import { brownout, k6ForTests, REPO } from './support/k6.ts';

describe('brownout load with a real k6', () => {
  let dir: string;
  let k6: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brownout-k6-'));
    k6 = await k6ForTests();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs baseline, fault and recovery against its own gateway and reports each phase', async () => {
    const out = join(dir, 'own');
    const { report } = await runLoad({
      flags: { phaseSeconds: [3, 4, 3], ratePerSec: 8, streaming: 0.25 },
      outDir: out,
      command: 'brownout load (test)',
      env: { ...process.env, K6_BINARY: k6 },
      echo: () => {},
    });
    await writeReports(report, out);
    const [run] = (await readReportFile(join(out, 'resilience-report.json'))).load ?? [];
    if (!run) throw new Error('the report has no load run');
    expect(run.k6).toMatchObject({ exitCode: 0 });
    expect(run.k6.version).toMatch(/^v\d+\.\d+\.\d+/);
    // The fault phase really injected the 429 storm on the primary, and traffic moved to the fallback.
    expect(run.faults).toEqual([{ kind: 'rate-limit', target: 'openai', injected: expect.any(Number) }]);
    expect(run.faults[0]?.injected).toBeGreaterThan(0);
    const [baseline, fault, recovery] = run.phases;
    expect(baseline).toMatchObject({ name: 'baseline', errorRate: 0 });
    // A request sent in the last instant of the baseline can reach the primary after the faults
    // went on at the boundary, and be served by the fallback: a few, never most.
    expect(baseline?.fallbackShare).toBeLessThan(0.25);
    expect(fault?.name).toBe('fault');
    expect(fault?.fallbackShare).toBeGreaterThan(0.5);
    expect(fault?.failoverMs.count).toBeGreaterThan(0);
    for (const phase of [baseline, fault, recovery]) {
      expect(phase?.requests).toBeGreaterThan(10);
      expect(phase?.latencyMs.p95).toBeGreaterThan(0);
      // Streams were sent and each ended with [DONE].
      expect(phase?.streams.requests).toBeGreaterThan(0);
      expect(phase?.streams.complete).toBe(phase?.streams.requests);
      expect(phase?.ttfbMs.count).toBe(phase?.streams.requests);
    }
    // k6 evaluated the thresholds tagged by phase, and they held.
    expect(run.thresholds.map((t) => `${t.metric}: ${t.expression}`)).toEqual([
      'brownout_fallback_served{phase:fault}: rate>=0.5',
      'http_req_failed{phase:baseline}: rate<=0.01',
      'http_req_failed{phase:fault}: rate<=0.05',
      'http_req_failed{phase:recovery}: rate<=0.01',
    ]);
    expect(run.thresholds.every((t) => t.ok)).toBe(true);
    expect(run).toMatchObject({ verdict: 'pass', reasons: [], gateway: 'brownout' });
    // The per-second series covers the whole run and adds up to the phases' requests.
    const total = run.phases.reduce((n, p) => n + p.requests, 0);
    expect(run.series.requests.reduce((a, b) => a + b, 0)).toBe(total);
    expect(run.series.t.length).toBeGreaterThanOrEqual(10);
    expect(run.series.fallback.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 120_000);

  it('maps crossed thresholds (k6 exit 99) to exit 1 against `brownout gateway` at --target', async () => {
    const faultServerPort = await freePort();
    const gateway = await startDaemon(
      ['gateway', '--port', '0', '--upstream', `http://127.0.0.1:${faultServerPort}`],
      /listening on (http:\/\/\S+\/v1)/,
      60_000,
    );
    try {
      const options = join(dir, 'both-down.json');
      // Both providers answer 503 in the fault phase: nothing can serve, the fault threshold is crossed.
      await writeFile(
        options,
        JSON.stringify({
          faults: [
            { kind: 'http-error', target: 'openai', status: 503 },
            { kind: 'http-error', target: 'huggingface', status: 503 },
          ],
          streaming: 0,
        }),
      );
      const out = join(dir, 'external');
      const result = await brownout(
        [
          'load',
          '--target',
          gateway.match[1] as string,
          '--fault-server-port',
          String(faultServerPort),
          '--duration',
          '2s,3s,2s',
          '--rate',
          '6',
          '--options',
          options,
          '--out',
          out,
        ],
        { ...process.env, K6_BINARY: k6 },
        100_000,
      );
      expect(result.code, result.stderr.slice(-2000)).toBe(1);
      const [run] = (await readReportFile(join(out, 'resilience-report.json'))).load ?? [];
      expect(run).toMatchObject({ verdict: 'fail', gateway: 'external', k6: { exitCode: 99 } });
      expect(run?.faults.every((f) => f.injected > 0)).toBe(true);
      // Healthy before, nearly all failed during: on a loaded machine a baseline request can still
      // outlive k6's 10 s timeout, so the baseline gets a margin, not an exact zero.
      expect(run?.phases[0]?.errorRate).toBeLessThan(0.25);
      expect(run?.phases[1]?.errorRate).toBeGreaterThan(0.5);
      expect(run?.thresholds).toContainEqual({
        metric: 'http_req_failed{phase:fault}',
        expression: 'rate<=0.05',
        ok: false,
      });
      expect(run?.reasons).toContain('threshold http_req_failed{phase:fault}: rate<=0.05 was crossed');
      expect(result.stdout).toContain('FAIL: 1 of 1 scenario run failed');
    } finally {
      await gateway.stop();
    }
  }, 150_000);

  it('runs the ES2017 bundle (for k6 older than 0.57) the same way', async () => {
    const bundle = join(dir, 'load.es2017.js');
    // The same esbuild settings as `npm run build:k6` (FACTS.md: later targets fail on old k6's parser).
    await build({
      entryPoints: [join(REPO, 'k6/load.ts')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2017',
      external: ['k6', 'k6/*'],
      outfile: bundle,
      logLevel: 'silent',
    });
    const { run } = await runLoad({
      flags: { phaseSeconds: [2, 2, 2], ratePerSec: 5, streaming: 0.5 },
      script: bundle,
      outDir: join(dir, 'bundle'),
      command: 'brownout load (bundle test)',
      env: { ...process.env, K6_BINARY: k6 },
      echo: () => {},
    });
    expect(run.k6.exitCode).toBe(0);
    expect(run.faults[0]?.injected).toBeGreaterThan(0);
    expect(run.phases.map((p) => p.requests > 0 && p.streams.requests > 0)).toEqual([true, true, true]);
    expect(run.thresholds.length).toBe(4);
    expect(run.verdict).toBe('pass');
  }, 120_000);
});
