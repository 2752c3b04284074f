import { describe, expect, it } from 'vitest';
import { fallbackJudgedByStatus, handRolledPrimary } from './support/broken-gateways.ts';
import { naiveRetrier, referenceWith, swallowsStreamErrors } from './support/broken-systems.ts';
import { builtIn, checksById, run } from './support/run.ts';

/**
 * The faults real gateways get wrong: for each, the built-in scenario passes with the reference
 * router and fails with a router that has the matching defect, naming the check that caught it.
 */
async function verdicts(id: string, broken: Parameters<typeof run>[1], trafficOverride = {}) {
  const scenario = await builtIn(id);
  const quick = { ...scenario, traffic: { ...scenario.traffic, ...trafficOverride } };
  const reference = await run(scenario);
  const bad = await run(quick, broken);
  return { reference: reference.report, broken: bad.report, checks: checksById(bad.report) };
}

describe('the faults real gateways get wrong: reference passes, a broken router fails', () => {
  for (const id of ['stream-cut-mid-event', 'stream-error-event', 'stream-error-finish']) {
    it(`${id}: a broken stream passed on as a clean end fails stream-integrity`, async () => {
      const { reference, broken, checks } = await verdicts(id, { system: swallowsStreamErrors });
      expect(reference.verdict).toBe('pass');
      expect(broken.verdict).toBe('fail');
      expect(checks['stream-integrity']?.verdict).toBe('fail');
      // The upstream record shows the cut, so the check names it first, then the missing finish.
      expect(checks['stream-integrity']?.message).toMatch(/cut upstream were passed off as complete/);
      expect(checks['stream-integrity']?.message).toMatch(/ended without a finish_reason or an error/);
    });
  }

  it('stream-stall-forever: no idle timeout fails fail-fast', async () => {
    const { reference, checks } = await verdicts(
      'stream-stall-forever',
      { system: referenceWith({ idleTimeoutMs: 600_000 }) },
      { requestTimeoutMs: 1500 },
    );
    expect(reference.verdict).toBe('pass');
    expect(checks['fail-fast']?.verdict).toBe('fail');
    expect(checks['fail-fast']?.message).toMatch(/took longer than 600 ms|client-timeout/);
  });

  it('slow-body: a timeout that does not cover the body fails availability', async () => {
    const { reference, checks } = await verdicts(
      'slow-body',
      { system: referenceWith({ attemptTimeoutMs: 600_000, deadlineMs: 600_000 }) },
      { requestTimeoutMs: 1200 },
    );
    expect(reference.verdict).toBe('pass');
    expect(checks.availability?.verdict).toBe('fail');
  });

  it('stream-malformed-chunk: skipping the bad chunk serves a holed answer, fails served-by', async () => {
    const { reference, checks } = await verdicts('stream-malformed-chunk', {
      system: handRolledPrimary({ skipBadChunks: true }),
    });
    expect(reference.verdict).toBe('pass');
    expect(checks['served-by']?.verdict).toBe('fail');
    expect(checks['served-by']?.message).toContain('huggingface');
  });

  it('stream-complete-no-done: waiting for [DONE] fails a complete answer, fails availability', async () => {
    const { reference, checks } = await verdicts('stream-complete-no-done', {
      system: handRolledPrimary({ requireDone: true }),
    });
    expect(reference.verdict).toBe('pass');
    expect(checks.availability?.verdict).toBe('fail');
  });

  for (const id of ['context-length-exceeded', 'content-policy-violation']) {
    it(`${id}: retrying a 400 fails attempts-per-request`, async () => {
      const { reference, broken, checks } = await verdicts(id, {
        system: referenceWith({ errorPolicy: { 'bad-request': 'retry' } }),
      });
      expect(reference.verdict).toBe('pass');
      expect(broken.verdict).toBe('fail');
      expect(checks['attempts-per-request']?.verdict).toBe('fail');
    });
  }

  it('hf-model-not-supported: judging the fallback by its status fails fail-fast (bad-request)', async () => {
    const { reference, checks } = await verdicts('hf-model-not-supported', {
      system: fallbackJudgedByStatus,
    });
    expect(reference.verdict).toBe('pass');
    expect(checks['fail-fast']?.verdict).toBe('fail');
    expect(checks['fail-fast']?.message).toContain('"bad-request"');
  });

  it('primary-503-retry-after: a naive retrier ignores Retry-After on a 503', async () => {
    const { reference, checks } = await verdicts('primary-503-retry-after', { system: naiveRetrier });
    expect(reference.verdict).toBe('pass');
    expect(checks['retry-after-honoured']?.verdict).toBe('fail');
    expect(checks['retry-after-honoured']?.message).toMatch(/before the reset/);
  });

  it('reasoning-no-content: serving the empty answer fails served-by', async () => {
    const { reference, checks } = await verdicts('reasoning-no-content', { system: handRolledPrimary() });
    expect(reference.verdict).toBe('pass');
    expect(checks['served-by']?.verdict).toBe('fail');
  });
});
