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
      'checks.availability.min: is required; must be in the range [0, 1]',
      'checks.availability.mn: unknown field; valid fields are min',
    ]);
  });

  it('says the valid range of a value out of range or of the wrong type', () => {
    expect(issuesOf({ availability: { min: 1.5 } })).toEqual([
      'checks.availability.min: must be in the range [0, 1], got 1.5',
    ]);
    expect(issuesOf({ latency: { p95: '2s' } })).toEqual([
      'checks.latency.p95: must be a number of at least 0 (milliseconds), got "2s"',
    ]);
    expect(issuesOf({ 'breaker-opens': { provider: 'openai', withinFailures: 2.5 } })).toEqual([
      'checks.breaker-opens.withinFailures: must be a whole number of at least 1, got 2.5',
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
      'checks.latency: must set at least one of p50, p95, p99, max (ms)',
    ]);
    expect(issuesOf({ 'served-by': { provider: 'openai', min: 0.9, max: 0.1 } })).toEqual([
      'checks.served-by.min: must be ≤ max',
    ]);
    expect(issuesOf({ availability: 0.99 })).toEqual([
      'checks.availability: must be an options object (or true for the defaults), got 0.99',
    ]);
    expect(issuesOf({ 'schema-valid': { strict: true } })).toEqual([
      'checks.schema-valid.strict: unknown field; this check takes no options',
    ]);
    expect(issuesOf({ 'served-by': [{ provider: 'openai', min: 1 }, { provider: '' }] })).toEqual([
      'checks.served-by[1].provider: must be a provider name, e.g. "openai", got ""',
      'checks.served-by[1]: must set min or max (each in the range [0, 1])',
    ]);
    expect(issuesOf([])).toEqual(['checks: must be an object of check id → options']);
  });

  it('exports a zod schema whose issues carry the path below checks', () => {
    const parsed = checkOptionsSchema.safeParse({ availability: { mn: 1 }, latency: { p95: 100 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['availability', 'min'], 'is required; must be in the range [0, 1]'],
      [['availability', 'mn'], 'unknown field; valid fields are min'],
    ]);
    expect(checkOptionsSchema.safeParse({ latency: { p95: 100 } }).success).toBe(true);
    expect(checkOptionsSchema.safeParse('latency').success).toBe(false);
  });
});
