/**
 * backoff-grows on real runs: the fallback is cooling down (a 429 with a long Retry-After) and the
 * primary answers 503 to everything, so each request retries the primary twice in a row. The
 * reference router's exponential backoff with full jitter passes; the same router with its backoff
 * capped at its base and no jitter (every retry waits 200 ms: a fixed interval) fails.
 */
import { describe, expect, it } from 'vitest';
import type { SystemFactory } from '../../src/scenario/run-scenario.ts';
import { type Scenario, validateScenario } from '../../src/scenario/validate.ts';
import { referenceSystem } from '../../src/systems/reference.ts';
import { checksById, run } from './support/run.ts';

// Waits of hundreds of ms: on a loaded machine the event loop's lag (tens of ms) adds to every
// wait, and would swamp a backoff of tens of ms at both retry levels alike.
const retry = { maxRetries: 2, baseMs: 200, capMs: 2000 };

const scenario: Scenario = validateScenario(
  {
    id: 'primary-503-fallback-cooling',
    title: 'OpenAI answers 503, Hugging Face is rate-limited for a minute',
    router: { attemptTimeoutMs: 500, deadlineMs: 4000, retry, breaker: false },
    traffic: { requests: 25, concurrency: 1 },
    faults: [
      { kind: 'http-error', target: 'openai', status: 503 },
      { kind: 'rate-limit', target: 'huggingface', retryAfterS: 60, path: '/v1/chat/completions' },
    ],
    ideal: 'safe',
    checks: { 'backoff-grows': {} },
  },
  'primary-503-fallback-cooling',
);

describe('backoff-grows on a real run', () => {
  for (const seed of [1, 2]) {
    it(`the reference router's full-jitter backoff passes (seed ${seed})`, async () => {
      const { report } = await run(scenario, { seed });
      const check = checksById(report)['backoff-grows'];
      expect(check?.verdict, check?.message).toBe('pass');
      expect(check?.message).toMatch(/^the backoff grows: retry 1 → 2: p90/);
    }, 60_000);
  }

  it('the same router with a fixed interval (capped at its base, no jitter) fails', async () => {
    // Jitter's random draw pinned just below 1: every retry waits the same 200 ms.
    const fixed: SystemFactory = (input) =>
      referenceSystem({
        ...input,
        config: { ...input.config, retry: { ...input.config.retry, capMs: retry.baseMs } },
        random: () => 0.999,
      });
    const { report } = await run(scenario, { system: fixed });
    const check = checksById(report)['backoff-grows'];
    expect(check?.verdict, check?.message).toBe('fail');
    expect(check?.message).toContain('need ×1.25');
  }, 60_000);
});
