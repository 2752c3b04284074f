import { describe, expect, it } from 'vitest';
import { backoffGrows } from '../../src/checks/backoff-grows.ts';
import { validateCheckConfig } from '../../src/checks/config.ts';
import { createRandom, type Random } from '../../src/faults/random.ts';
import type { HistoryRecord } from '../../src/history/history.ts';
import { backoffDelayMs } from '../../src/router/policy/backoff.ts';
import { attempt, blackBox, ctx, history, request, upstreamAttempt } from './support/history.ts';

/** The wait before the k-th retry (k from 1), given the run's random source. */
type Retrier = (k: number, random: Random) => number;

const fullJitter: Retrier = (k, random) => backoffDelayMs(k, { baseMs: 20, capMs: 2000 }, random);
const fixedInterval: Retrier = () => 50;
const fixedWithJitter: Retrier = (_k, random) => 45 + random() * 10;
const shrinking: Retrier = (k, random) => random() * (200 / 2 ** (k - 1));

/**
 * `n` requests, each failing `retries + 1` times on OpenAI (503, 3–6 ms each) with the retrier's
 * waits between (plus 0–2 ms of the machine's own), then served by Hugging Face. As the fake
 * providers record it (a black box), or as the router reports it.
 */
function run(
  retrier: Retrier,
  seed: number,
  n = 40,
  retries = 2,
  source: 'upstream' | 'reported' = 'upstream',
) {
  const random = createRandom(seed);
  let seq = 0;
  const records: HistoryRecord[] = [];
  for (let i = 0; i < n; i++) {
    let t = i * 1000;
    const up = [];
    for (let k = 0; k <= retries; k++) {
      if (k > 0) t += retrier(k, random) + random() * 2;
      const ms = 3 + random() * 3;
      up.push(upstreamAttempt('openai', ++seq, t, t + ms, { status: 503, key: `k.${i}` }));
      t += ms;
    }
    up.push(upstreamAttempt('huggingface', ++seq, t, t + 20, { key: `k.${i}` }));
    const attempts = up.map((a) =>
      attempt(a.provider, a.startMs, a.endMs! - a.startMs, a.status === 503 ? 'unavailable' : 'ok'),
    );
    records.push(
      request(i, { invokeMs: i * 1000, endMs: t + 20, latencyMs: t + 20 - i * 1000, attempts, upstream: up }),
    );
  }
  return source === 'upstream' ? blackBox(records) : history(records);
}

describe('backoff-grows', () => {
  it('passes exponential backoff with full jitter in 20 of 20 seeded runs, from either record', () => {
    for (let seed = 1; seed <= 20; seed++) {
      expect(backoffGrows(run(fullJitter, seed), {}, ctx).verdict, `seed ${seed}`).toBe('pass');
      expect(backoffGrows(run(fullJitter, seed, 40, 2, 'reported'), {}, ctx).verdict, `seed ${seed}`).toBe(
        'pass',
      );
    }
  });

  it('stays steady at the smallest sample it judges: over 2000 seeds of 20 requests, full jitter fails ≤ 0.5%', () => {
    let fails = 0;
    let fixedPasses = 0;
    const jitteredFixed: Retrier = (_k, random) => random() * 50;
    for (let seed = 1; seed <= 2000; seed++) {
      if (backoffGrows(run(fullJitter, seed, 20), {}, ctx).verdict !== 'pass') fails++;
      if (backoffGrows(run(jitteredFixed, seed, 20), {}, ctx).verdict === 'pass') fixedPasses++;
    }
    // Measured: 0 of 2000 and 82 of 2000 (a jittered fixed interval slips through about 4% of runs).
    expect(fails).toBeLessThanOrEqual(10);
    expect(fixedPasses).toBeLessThanOrEqual(200);
  });

  it('passes a capped backoff whose later retries flatten at the cap, 20 of 20', () => {
    const capped: Retrier = (k, random) => backoffDelayMs(k, { baseMs: 20, capMs: 40 }, random);
    for (let seed = 1; seed <= 20; seed++)
      expect(backoffGrows(run(capped, seed, 40, 4), {}, ctx).verdict, `seed ${seed}`).toBe('pass');
  });

  it('fails a fixed interval, jittered or not, in 20 of 20 seeded runs', () => {
    for (let seed = 1; seed <= 20; seed++) {
      for (const retrier of [fixedInterval, fixedWithJitter]) {
        const r = backoffGrows(run(retrier, seed), {}, ctx);
        expect(r.verdict, `seed ${seed}`).toBe('fail');
        expect(r.message).toMatch(
          /retry 2 waited p90 \d+ ms after retry 1's \d+ ms \(×(0\.\d+|1(\.0\d)?), need ×1\.25; 40 requests\)/,
        );
      }
    }
  });

  it('fails a shrinking backoff in 20 of 20 seeded runs', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = backoffGrows(run(shrinking, seed, 40, 3), {}, ctx);
      expect(r.verdict, `seed ${seed}`).toBe('fail');
      expect(r.message).toContain('retry 3 waited p90');
    }
  });

  it('leaves out waits the provider advertised (Retry-After) and attempts on another provider between', () => {
    const h = run(fixedInterval, 1);
    for (const r of h.records)
      for (const a of r.upstream ?? []) if (a.provider === 'openai') a.advertisedWaitMs = 50;
    const r = backoffGrows(h, {}, ctx);
    expect(r.message).toMatch(/^vacuous: 0 requests retried twice/);
    const alternating = run(fixedInterval, 1);
    // The second attempt of each request goes to the other provider: no two retries in a row on one.
    for (const r of alternating.records) if (r.upstream?.[1]) r.upstream[1].provider = 'huggingface';
    expect(backoffGrows(alternating, {}, ctx).message).toMatch(/^vacuous: 0 requests retried twice/);
  });

  it('is vacuous, and says so, when too few requests retried twice; n/a with no attempts known', () => {
    const few = backoffGrows(run(fullJitter, 1, 10), {}, ctx);
    expect(few).toMatchObject({ verdict: 'fail', measured: null });
    expect(few.message).toBe(
      'vacuous: 10 requests retried twice on one failing provider (need 20), so the growth of the backoff was never put to the test',
    );
    expect(backoffGrows(run(fullJitter, 1, 10), { minSamples: 10 }, ctx).verdict).toBe('pass');
    const none = history([request(0, { attempts: [] })]);
    expect(backoffGrows(none, {}, ctx).verdict).toBe('not-applicable');
  });

  it('accepts a cap reached at once with minGrowth 1, and validates its options', () => {
    expect(backoffGrows(run(fixedInterval, 1), { minGrowth: 1 }, ctx).verdict).toBe('pass');
    expect(() =>
      validateCheckConfig({
        'backoff-grows': { quantile: 0.75, minGrowth: 1.5, tolerance: 0.1, minSamples: 30 },
      }),
    ).not.toThrow();
    expect(() => validateCheckConfig({ 'backoff-grows': { minGrowth: 0.5 } })).toThrow(
      /checks\.backoff-grows\.minGrowth: expected a growth factor ≥ 1/,
    );
  });
});
