import { describe, expect, it } from 'vitest';
import { startBackend } from '../../src/scenario/backends.ts';
import { runScenario } from '../../src/scenario/run-scenario.ts';
import { validateScenario } from '../../src/scenario/validate.ts';

describe('requests the traffic window never sent', () => {
  it('are reported as not sent, never as failures', async () => {
    const scenario = validateScenario(
      {
        id: 'short-window',
        title: 'A traffic window that closes before the plan is done',
        traffic: { requests: 40, concurrency: 1, gapMs: 40, maxDurationMs: 200 },
        checks: { availability: { min: 1 } },
      },
      'short-window',
    );
    const { report, history } = await runScenario(scenario, {
      seed: 3,
      backend: 'msw',
      startBackend: (backend, seed, providers) => startBackend(backend, seed, { providers }),
      replayCommand: 'test',
      runProperties: false,
    });
    expect(report.notSent).toBeGreaterThan(0);
    expect(report.stats.requests + (report.notSent ?? 0)).toBe(40);
    // At most the one request in flight when the window closed was cut; none was failed unsent.
    expect(history.records.filter((r) => r.completion !== 'ok').length).toBeLessThanOrEqual(1);
    expect(history.notSent).toHaveLength(report.notSent ?? 0);
  });
});
