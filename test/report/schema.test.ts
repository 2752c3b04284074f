import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseReport,
  REPORT_SCHEMA_URL,
  ReportInputError,
  reportSchemaErrors,
} from '../../src/report/schema.ts';
import { sampleReport } from './support/sample-report.ts';

/** A report as it is read back from disk: NaN quantiles become null. */
const onDisk = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('the report JSON Schema', () => {
  it('is draft 2020-12 and ships in schemas/ (listed in package.json files)', () => {
    const schema = JSON.parse(readFileSync(REPORT_SCHEMA_URL, 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.files).toContain('schemas');
  });

  it('accepts a full report, including unmeasured (null) quantiles and extra fields', () => {
    const report = onDisk(sampleReport());
    expect(report.scenarios[0].stats.failoverLatencyMs.p95).toBeNull();
    report.scenarios[0].extraField = { welcome: true };
    expect(reportSchemaErrors(report)).toEqual([]);
  });

  it('accepts the minimal report DESIGN.md describes', () => {
    const minimal = {
      schemaVersion: '1',
      tool: { name: 'brownout', version: '0.1.0' },
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 10,
      seed: 1,
      summary: { scenarios: 1, passed: 1, failed: 0 },
      scenarios: [
        {
          id: 'a',
          title: 'A',
          verdict: 'pass',
          backend: 'msw',
          faults: [{ kind: 'http-error', target: 'openai', injected: 1 }],
          stats: {
            requests: 1,
            succeeded: 1,
            failed: 0,
            servedBy: { openai: 1 },
            latencyMs: { p50: 1, p95: 1, p99: 1, max: 1 },
            failoverLatencyMs: { p50: null, p95: null, p99: null, max: null },
          },
          checks: [{ id: 'availability', verdict: 'pass', measured: 1, threshold: 0.99, message: 'ok' }],
          properties: [{ id: 'p', runs: 10, seed: 3, verdict: 'pass' }],
        },
      ],
    };
    expect(reportSchemaErrors(minimal)).toEqual([]);
  });

  // [what, JSON pointer to spoil, new value (undefined: delete it), where the error points]
  it.each([
    ['schemaVersion', '/schemaVersion', '2', '/schemaVersion'],
    ['a scenario verdict', '/scenarios/0/verdict', 'flaky', '/scenarios/0/verdict'],
    ['a required check field', '/scenarios/1/checks/0/message', undefined, '/scenarios/1/checks/0'],
    ['the summary', '/summary', undefined, '/'],
    ['a negative injected count', '/scenarios/2/faults/0/injected', -1, '/scenarios/2/faults/0/injected'],
    [
      'a timeline completion',
      '/scenarios/0/timeline/points/0/completion',
      'maybe',
      '/scenarios/0/timeline/points/0/completion',
    ],
  ] as const)('rejects a report with a bad %s', (_what, pointer, value, path) => {
    const report = onDisk(sampleReport());
    const keys = pointer.slice(1).split('/');
    const last = keys.pop() as string;
    const parent = keys.reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, report);
    if (value === undefined) delete parent[last];
    else parent[last] = value;
    const errors = reportSchemaErrors(report);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => e.startsWith(path))).toBe(true);
  });

  it('parseReport names the file and what is wrong', () => {
    expect(() => parseReport('{ nope', 'base.json')).toThrow(/^base\.json: not JSON/);
    try {
      parseReport('{"schemaVersion":"1"}', 'head.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ReportInputError);
      expect((error as ReportInputError).file).toBe('head.json');
      expect((error as Error).message).toMatch(/not a brownout resilience report.*required property 'tool'/);
    }
  });
});
