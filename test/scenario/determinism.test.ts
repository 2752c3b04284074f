import { describe, expect, it } from 'vitest';
import { builtIn, run } from './support/run.ts';

/** Deterministic by seed: the same seed gives the same verdicts and fault counts. */
describe('replaying a seed', () => {
  const summary = (r: Awaited<ReturnType<typeof run>>) => ({
    verdict: r.report.verdict,
    checks: r.report.checks.map((c) => [c.id, c.verdict]),
    faults: r.report.faults,
    servedBy: r.report.stats.servedBy,
    streams: r.history.records.map((x) => x.stream),
    properties: r.report.properties.map((p) => [p.id, p.verdict, p.seed]),
  });

  it.each(['primary-503-burst', 'schema-drift', 'total-outage'])(
    '%s gives the same run twice with one seed',
    async (id) => {
      const scenario = await builtIn(id);
      const first = await run(scenario, { seed: 1234 });
      const second = await run(scenario, { seed: 1234 });
      expect(summary(second)).toEqual(summary(first));
      expect(first.report.faults.every((f) => f.injected > 0)).toBe(true);
    },
  );

  it('a different seed draws different requests', async () => {
    const scenario = await builtIn('primary-503-burst');
    const a = await run({ ...scenario, properties: [] }, { seed: 1 });
    const b = await run({ ...scenario, properties: [] }, { seed: 2 });
    expect(a.history.records.map((r) => r.stream)).not.toEqual(b.history.records.map((r) => r.stream));
  });
});
