import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/run-checks.ts';
import { validateScenario } from '../../src/scenario/validate.ts';
import { blackBox, ctx, history, request, upstreamAttempt } from './support/history.ts';

describe('check levels and upstream checks in the registry', () => {
  it('marks checks required by default, stream-gaps advisory, and the scenario can make any advisory', () => {
    const h = history([request(0, { stream: true, maxChunkGapMs: 10 })]);
    const results = runChecks(h, { availability: { min: 1 }, 'stream-gaps': { maxMs: 100 } }, ctx);
    expect(results.map((r) => [r.id, r.level])).toContainEqual(['availability', 'required']);
    expect(results.map((r) => [r.id, r.level])).toContainEqual(['stream-gaps', 'advisory']);
    const relaxed = runChecks(h, { availability: { min: 1 } }, { ...ctx, advisory: ['availability'] });
    expect(relaxed.find((r) => r.id === 'availability')?.level).toBe('advisory');
  });

  it('runs correlation unasked only when there is an upstream record', () => {
    const withRecord = blackBox([
      request(0, { key: 'k.0', upstream: [upstreamAttempt('openai', 1, 0, 10, { key: 'k.0' })] }),
    ]);
    expect(runChecks(withRecord, {}, ctx).map((r) => r.id)).toContain('correlation');
    expect(runChecks(history([request(0)]), {}, ctx).map((r) => r.id)).not.toContain('correlation');
  });

  it("rejects an advisory entry that is not one of the scenario's checks, naming it", () => {
    const input = {
      id: 'x',
      title: 'x',
      traffic: { requests: 1 },
      checks: { availability: { min: 1 } },
      advisory: ['latency'],
    };
    expect(() => validateScenario(input, 'x.json')).toThrow(
      /advisory\[0\]: "latency" is not one of this scenario's checks \(availability\)/,
    );
    expect(validateScenario({ ...input, advisory: ['availability'] }, 'x.json').ideal).toBe('pass');
  });
});
