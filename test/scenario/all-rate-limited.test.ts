import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../../src/scenario/schema.ts';
import { fixedRetryAfter, hidesRateLimit } from './support/broken-rate-limits.ts';
import { naiveRetrier } from './support/broken-systems.ts';
import { builtIn, checksById, run } from './support/run.ts';

/**
 * Every provider rate-limited at once: the reference router gives the caller a fast 429 with a
 * Retry-After no earlier than the providers' on every backend; routers that hide the rate limit,
 * invent their own wait, or retry into it fail, naming the check.
 */
describe('all-rate-limited', () => {
  for (const backend of BACKENDS) {
    it(`the reference router passes on ${backend} (grade safe: a typed, bounded 429)`, async () => {
      const { report } = await run(await builtIn('all-rate-limited'), { backend });
      const checks = checksById(report);
      expect(report.verdict).toBe('pass');
      expect(report.grade).toBe('safe');
      expect(checks['rate-limit-surfaced']?.verdict).toBe('pass');
      expect(checks['fail-fast']?.verdict).toBe('pass');
      expect(checks['no-hammering']?.verdict).toBe('pass');
      // The upstream record saw both providers refuse, so the pass is not vacuous.
      expect(checks['fault-injected']?.verdict).toBe('pass');
    });
  }

  it('a 500 "all providers failed" in place of the rate limit fails rate-limit-surfaced', async () => {
    const { report } = await run(await builtIn('all-rate-limited'), { system: hidesRateLimit });
    const check = checksById(report)['rate-limit-surfaced'];
    expect(report.verdict).toBe('fail');
    expect(check?.verdict).toBe('fail');
    expect(check?.message).toMatch(
      /16 failed as something other than a rate limit: #\d+ 500 "all-providers-failed"/,
    );
  });

  it("a fixed Retry-After: 1 shorter than the providers' fails rate-limit-surfaced", async () => {
    const { report } = await run(await builtIn('all-rate-limited'), { system: fixedRetryAfter });
    const check = checksById(report)['rate-limit-surfaced'];
    expect(report.verdict).toBe('fail');
    expect(check?.verdict).toBe('fail');
    expect(check?.message).toMatch(
      /16 were told to come back before any provider would take them: #\d+ told 1000 ms/,
    );
  });

  it('a naive retrier storms the providers and fails retry-after-honoured, no-hammering and rate-limit-surfaced', async () => {
    const scenario = await builtIn('all-rate-limited');
    // The naive retrier cannot stream; its JSON requests show the defect.
    const jsonOnly = { ...scenario, traffic: { ...scenario.traffic, streaming: 0 } };
    const { report } = await run(jsonOnly, { system: naiveRetrier });
    const checks = checksById(report);
    expect(report.verdict).toBe('fail');
    expect(checks['retry-after-honoured']?.verdict).toBe('fail');
    expect(checks['no-hammering']?.verdict).toBe('fail');
    expect(checks['rate-limit-surfaced']?.verdict).toBe('fail');
    expect(checks['rate-limit-surfaced']?.message).toContain('"all-providers-failed"');
  });
});
