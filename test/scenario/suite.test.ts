import { describe, expect, it } from 'vitest';
import { defaultBackendsFor, startBackend, unsupportedReason } from '../../src/scenario/backends.ts';
import { runSuite } from '../../src/scenario/run-suite.ts';
import { builtIn } from './support/run.ts';

describe('a forced backend that cannot produce a scenario’s faults', () => {
  it('skips that scenario out loud and lists it in the report', async () => {
    const scenarios = [await builtIn('dns-failure'), await builtIn('auth-403-primary')];
    const said: string[] = [];
    const report = await runSuite(scenarios, {
      seed: 1,
      backend: 'server',
      startBackend: (backend, seed, providers) => startBackend(backend, seed, { providers }),
      defaultBackends: defaultBackendsFor,
      unsupported: unsupportedReason,
      replayCommand: () => 'replay',
      command: 'test',
      onSkip: (scenario, backend, reason) => said.push(`${scenario.id} ${backend}: ${reason}`),
    });
    expect(report.scenarios.map((s) => s.id)).toEqual(['auth-403-primary']);
    expect(report.skipped).toEqual([
      { id: 'dns-failure', backend: 'server', reason: expect.stringContaining('network:dns') },
    ]);
    expect(said[0]).toContain('dns-failure server');
  });

  it('is not run by default on a backend that cannot produce its faults', async () => {
    expect(defaultBackendsFor(await builtIn('dns-failure'))).toEqual(['msw', 'nock']);
    expect(defaultBackendsFor(await builtIn('stream-stall'))).toEqual(['msw', 'server', 'nock']);
  });
});
