import { describe, expect, it } from 'vitest';
import { isFaultValidationError } from '../../src/faults/errors.ts';
import { FAULT_KINDS, type FaultInput, parseFault, parseFaults } from '../../src/faults/model.ts';
import { compilePhases } from '../../src/faults/phases.ts';

/** One full example per kind, every option set. */
const EXAMPLES: FaultInput[] = [
  { kind: 'http-error', target: 'openai', status: 502 },
  {
    kind: 'rate-limit',
    target: 'openai',
    retryAfterS: 2,
    retryAfterMs: 1500,
    reason: 'tokens',
    storm: { durationMs: 5000 },
  },
  { kind: 'timeout', target: 'openai', mode: 'stall', afterChunks: 3, stallMs: 2000 },
  { kind: 'auth', target: 'huggingface', status: 403 },
  { kind: 'model-missing', target: 'huggingface', shape: 'string', path: '/api/models' },
  { kind: 'network', target: 'openai', mode: 'dns' },
  { kind: 'malformed', target: 'openai', mode: 'garbage' },
  { kind: 'schema-drift', target: 'openai', mode: 'unknown-finish-reason', finishReason: 'end_turn' },
  { kind: 'stream-cut', target: 'openai', mode: 'no-done', afterChunks: 5 },
  { kind: 'latency', target: 'mistral', distribution: 'lognormal', median: 200, sigma: 0.8, max: 2000 },
  { kind: 'model-loading', target: 'huggingface', estimatedTimeS: 42.5 },
  { kind: 'invalid-request', target: 'openai', reason: 'content-policy' },
  { kind: 'reasoning-exhausted', target: 'openai' },
];

/** Parses and returns the validation message, or fails the test. */
function messageOf(input: unknown, where?: string): string {
  try {
    parseFaults(input, where);
  } catch (error) {
    expect(isFaultValidationError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a FaultValidationError');
}

describe('fault model', () => {
  it('has an example for every kind, and each parses to itself plus defaults', () => {
    expect(EXAMPLES.map((e) => e.kind)).toEqual([...FAULT_KINDS]);
    for (const example of EXAMPLES) {
      expect(parseFault(example)).toEqual({ probability: 1, after: 0, startMs: 0, ...example });
    }
  });

  it('applies the documented defaults', () => {
    expect(parseFault({ kind: 'http-error', target: 'openai' })).toMatchObject({
      status: 503,
      probability: 1,
      after: 0,
    });
    expect(parseFault({ kind: 'timeout', target: 'openai' })).toMatchObject({ mode: 'hang' });
    expect(parseFault({ kind: 'auth', target: 'openai' })).toMatchObject({ status: 401 });
    expect(parseFault({ kind: 'stream-cut', target: 'openai' })).toMatchObject({
      mode: 'mid-event',
      afterChunks: 2,
    });
    expect(parseFault({ kind: 'model-loading', target: 'huggingface' })).toMatchObject({
      estimatedTimeS: 20,
    });
  });

  it('accepts the blast radius on every kind', () => {
    const radius = {
      probability: 0.25,
      times: 3,
      after: 2,
      startMs: 100,
      durationMs: 900,
      flap: { periodMs: 200, dutyCycle: 0.5 },
    };
    for (const example of EXAMPLES) expect(parseFault({ ...example, ...radius })).toMatchObject(radius);
  });

  it('names the field and the range: faults[2].probability', () => {
    const faults = [
      { kind: 'http-error', target: 'openai' },
      { kind: 'auth', target: 'openai' },
      { kind: 'http-error', target: 'openai', probability: 1.5 },
    ];
    expect(messageOf(faults)).toBe('faults[2].probability: must be in the range [0, 1], got 1.5');
  });

  it('catches a typo in a field name and lists the valid fields', () => {
    expect(messageOf([{ kind: 'rate-limit', target: 'openai', retryAfterSec: 2 }])).toMatch(
      /^faults\[0\]\.retryAfterSec: unknown field; valid fields are kind, target, .*retryAfterS, retryAfterMs, reason, storm$/,
    );
    expect(
      messageOf([{ kind: 'http-error', target: 'openai', flap: { period: 5, dutyCycle: 0.5 } }]),
    ).toContain('faults[0].flap.period: unknown field; valid fields are periodMs, dutyCycle');
  });

  it('lists the valid kinds for an unknown or missing kind', () => {
    const unknown = messageOf([{ kind: 'htp-error', target: 'openai' }]);
    expect(unknown).toMatch(
      /^faults\[0\]\.kind: unknown kind "htp-error"; valid kinds are "http-error", "rate-limit"/,
    );
    for (const kind of FAULT_KINDS) expect(unknown).toContain(`"${kind}"`);
    expect(messageOf([{ target: 'openai' }])).toMatch(/^faults\[0\]\.kind: is required; valid kinds are/);
  });

  it('rejects a status that does not fit the kind', () => {
    expect(messageOf([{ kind: 'http-error', target: 'openai', status: 429 }])).toBe(
      'faults[0].status: must be a 5xx status in the range [500, 599] (429 is kind "rate-limit", 401/403 kind "auth", 404 kind "model-missing"), got 429',
    );
    expect(messageOf([{ kind: 'http-error', target: 'openai', status: 200 }])).toContain('got 200');
    expect(messageOf([{ kind: 'auth', target: 'openai', status: 500 }])).toBe(
      'faults[0].status: must be 401 or 403, got 500',
    );
  });

  it('rejects negative durations and counts with the range', () => {
    expect(messageOf([{ kind: 'network', target: 'openai', durationMs: -5 }])).toBe(
      'faults[0].durationMs: must be an integer in the range [0, 2147483647] (milliseconds), got -5',
    );
    expect(messageOf([{ kind: 'network', target: 'openai', times: 0 }])).toContain(
      'faults[0].times: must be an integer in the range [1,',
    );
    expect(messageOf([{ kind: 'latency', target: 'openai', ms: 1.5 }])).toContain(
      'faults[0].ms: must be an integer',
    );
  });

  it('rejects options of another mode, and missing required ones', () => {
    expect(messageOf([{ kind: 'timeout', target: 'openai', mode: 'hang', afterChunks: 3 }])).toBe(
      'faults[0].afterChunks: only applies to mode "stall" (this fault has mode "hang"), got 3',
    );
    expect(messageOf([{ kind: 'latency', target: 'openai', distribution: 'uniform', min: 10 }])).toBe(
      'faults[0].max: is required for distribution "uniform"',
    );
    expect(
      messageOf([{ kind: 'latency', target: 'openai', distribution: 'uniform', min: 50, max: 10 }]),
    ).toBe('faults[0].max: must be >= min (50), got 10');
  });

  it('reports every issue, one a line, under the given prefix', () => {
    const message = messageOf(
      [{ kind: 'auth', target: 'open ai', status: 500 }],
      'scenarios/outage.yaml: faults',
    );
    expect(message.split('\n')).toEqual([
      'scenarios/outage.yaml: faults[0].target: must be a provider name (letters, digits, ".", "_", "-"), such as "openai" or "huggingface", got "open ai"',
      'scenarios/outage.yaml: faults[0].status: must be 401 or 403, got 500',
    ]);
  });

  it('rejects what is not a list of faults', () => {
    expect(messageOf({ kind: 'auth' })).toBe('faults: must be an array of faults, got an object');
    expect(messageOf([5])).toMatch(/^faults\[0\]: must be a fault object/);
  });

  it('carries a stable code and the issues', () => {
    try {
      parseFault({ kind: 'auth', target: 'openai', status: 402 });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'FaultValidationError', code: 'BROWNOUT_FAULT_INVALID' });
      expect((error as { issues: unknown }).issues).toEqual([
        { path: 'fault.status', message: 'must be 401 or 403, got 402' },
      ]);
    }
  });
});

describe('compilePhases', () => {
  it('gives each phase its window and clamps faults to it', () => {
    const faults = compilePhases([
      { name: 'baseline', durationMs: 1000 },
      {
        name: 'outage',
        durationMs: 2000,
        faults: [
          { kind: 'http-error', target: 'openai' },
          { kind: 'rate-limit', target: 'openai', startMs: 500, durationMs: 5000 },
        ],
      },
      { name: 'recovery', durationMs: 1000, faults: [{ kind: 'latency', target: 'openai', ms: 50 }] },
    ]);
    expect(faults.map((f) => [f.kind, f.startMs, f.durationMs])).toEqual([
      ['http-error', 1000, 2000],
      ['rate-limit', 1500, 1500],
      ['latency', 3000, 1000],
    ]);
  });

  it('names the phase and the fault in errors', () => {
    expect(() =>
      compilePhases([{ name: 'a', durationMs: 10, faults: [{ kind: 'auth', target: 'openai', x: 1 }] }]),
    ).toThrow(/^phases\[0\]\.faults\[0\]\.x: unknown field/);
    expect(() => compilePhases([{ name: '', durationMs: -1 }])).toThrow(
      'phases[0].name: must be a non-empty string, got ""\nphases[0].durationMs: must be an integer in the range [1, 2147483647] (milliseconds), got -1',
    );
  });
});
