import { describe, expect, it } from 'vitest';
import { CheckConfigError, checkOptionsSchema, validateCheckConfig } from '../../src/checks/config.ts';
import { CHECK_IDS } from '../../src/checks/registry.ts';

function issuesOf(config: unknown): readonly string[] {
  try {
    validateCheckConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(CheckConfigError);
    return (error as CheckConfigError).issues;
  }
  return [];
}

describe('check configuration: validation', () => {
  it('accepts options objects, true for the defaults and lists of options', () => {
    expect(
      issuesOf({
        availability: { min: 0.99 },
        'stream-integrity': true,
        'served-by': [
          { provider: 'openai', min: 0.5 },
          { provider: 'huggingface', max: 0.5 },
        ],
      }),
    ).toEqual([]);
  });

  it('names a misspelt option and the known ones, and a missing required one', () => {
    expect(issuesOf({ availability: { mn: 0.99 } })).toEqual([
      'checks.availability.min: is required; expected a fraction in the range [0, 1]',
      'checks.availability.mn: unknown option; expected one of: min',
    ]);
  });

  it('says the valid range of a value out of range or of the wrong type', () => {
    expect(issuesOf({ availability: { min: 1.5 } })).toEqual([
      'checks.availability.min: expected a fraction in the range [0, 1]',
    ]);
    expect(issuesOf({ latency: { p95: '2s' } })).toEqual([
      'checks.latency.p95: expected a duration in ms (a number ≥ 0)',
    ]);
    expect(issuesOf({ 'breaker-opens': { provider: 'openai', withinFailures: 2.5 } })).toEqual([
      'checks.breaker-opens.withinFailures: expected an integer ≥ 1',
    ]);
  });

  it('lists the known checks for an unknown check id', () => {
    const [issue] = issuesOf({ avialability: { min: 1 } });
    expect(issue).toContain(
      'checks.avialability: unknown check; known checks: fault-injected, availability, latency',
    );
    for (const id of CHECK_IDS) expect(issue).toContain(id);
  });

  it('rejects options that cannot be measured, a non-object and an option given to a check without options', () => {
    expect(issuesOf({ latency: {} })).toEqual([
      'checks.latency: expected at least one of p50, p95, p99, max (ms)',
    ]);
    expect(issuesOf({ 'served-by': { provider: 'openai', min: 0.9, max: 0.1 } })).toEqual([
      'checks.served-by.min: expected min ≤ max',
    ]);
    expect(issuesOf({ availability: 0.99 })).toEqual([
      'checks.availability: expected an options object (or true for the defaults)',
    ]);
    expect(issuesOf({ 'schema-valid': { strict: true } })).toEqual([
      'checks.schema-valid.strict: unknown option; this check takes no options',
    ]);
    expect(issuesOf({ 'served-by': [{ provider: 'openai', min: 1 }, { provider: '' }] })).toEqual([
      'checks.served-by[1].provider: expected a provider name, e.g. "openai"',
      'checks.served-by[1]: expected min or max (a fraction in [0, 1])',
    ]);
    expect(issuesOf([])).toEqual(['checks: expected an object of check id → options']);
  });

  it('exports a zod schema whose issues carry the path below checks', () => {
    const parsed = checkOptionsSchema.safeParse({ availability: { mn: 1 }, latency: { p95: 100 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['availability', 'min'], 'is required; expected a fraction in the range [0, 1]'],
      [['availability', 'mn'], 'unknown option; expected one of: min'],
    ]);
    expect(checkOptionsSchema.safeParse({ latency: { p95: 100 } }).success).toBe(true);
    expect(checkOptionsSchema.safeParse('latency').success).toBe(false);
  });
});
