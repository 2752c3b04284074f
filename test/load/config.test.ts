import { describe, expect, it } from 'vitest';
import { buildLoadConfig, DEFAULT_FAULTS, loadOptionsSchema } from '../../src/load/config.ts';
import { validateScenario } from '../../src/scenario/validate.ts';

const base = { target: 'http://127.0.0.1:1/v1', faultServer: 'http://127.0.0.1:2', summaryFile: 's.json' };

describe('the load config', () => {
  it('defaults to a 429 storm on the primary, 10 s phases and phase thresholds', () => {
    const config = buildLoadConfig({ ...base, flags: {}, ourGateway: true });
    expect(config).toMatchObject({
      phases: { baseline: 10, fault: 10, recovery: 10 },
      ratePerSec: 10,
      streaming: 0.2,
      faults: DEFAULT_FAULTS,
      thresholds: {
        baseline: { maxErrorRate: 0.01 },
        fault: { maxErrorRate: 0.05, minFallbackShare: 0.5 },
        recovery: { maxErrorRate: 0.01 },
      },
    });
    // An external gateway may not name its providers: no fallback threshold by default.
    expect(buildLoadConfig({ ...base, flags: {}, ourGateway: false }).thresholds.fault).toEqual({
      maxErrorRate: 0.05,
    });
  });

  it('takes faults, rate and streaming from a scenario, without its fault windows', () => {
    const scenario = validateScenario(
      {
        id: 'storm',
        title: 'storm',
        traffic: { mode: 'open', ratePerSec: 40, durationMs: 1000, streaming: 0.5 },
        faults: [{ kind: 'http-error', target: 'openai', status: 503, startMs: 100, durationMs: 400 }],
        checks: {},
      },
      'storm.json',
    );
    const config = buildLoadConfig({ ...base, scenario, flags: {}, ourGateway: true });
    // The scenario's parsed fault (with its defaults), less its own time window.
    expect(config.faults).toEqual([
      { kind: 'http-error', target: 'openai', status: 503, probability: 1, after: 0 },
    ]);
    expect(config).toMatchObject({ ratePerSec: 40, streaming: 0.5, vus: 20, maxVUs: 80 });
  });

  it('lets the options file override the scenario and flags override both', () => {
    const options = loadOptionsSchema.parse({
      ratePerSec: 5,
      phases: { fault: 30 },
      thresholds: { fault: { minFallbackShare: 0.9 } },
    });
    const config = buildLoadConfig({ ...base, options, flags: { ratePerSec: 7 }, ourGateway: true });
    expect(config.ratePerSec).toBe(7);
    expect(config.phases).toEqual({ baseline: 10, fault: 30, recovery: 10 });
    expect(config.thresholds.fault).toEqual({ maxErrorRate: 0.05, minFallbackShare: 0.9 });
    const flagged = buildLoadConfig({
      ...base,
      options,
      flags: { phaseSeconds: [3, 4, 5] },
      ourGateway: true,
    });
    expect(flagged.phases).toEqual({ baseline: 3, fault: 4, recovery: 5 });
  });

  it('refuses a bad fault with its field, and unknown options', () => {
    expect(() =>
      buildLoadConfig({
        ...base,
        options: { faults: [{ kind: 'rate-limit', target: 'openai', probability: 2 }] },
        flags: {},
        ourGateway: true,
      }),
    ).toThrow(/faults\[0\]\.probability/);
    const unknown = loadOptionsSchema.safeParse({ rps: 10 });
    expect(unknown.success).toBe(false);
  });
});
