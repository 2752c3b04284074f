import { describe, expect, it } from 'vitest';
import { attemptsPerRequest } from '../../src/checks/attempts-per-request.ts';
import { attempt, ctx, history, request } from './support/history.ts';

const retries = (n: number) =>
  Array.from({ length: n }, (_, i) => attempt('openai', i * 10, 5, 'unavailable'));

describe('attempts-per-request', () => {
  it("passes within the policy's maxAttempts by default", () => {
    const r = attemptsPerRequest(history([request(0), request(1, { attempts: retries(6) })]), {}, ctx);
    expect(r).toMatchObject({ verdict: 'pass', measured: 6, threshold: 6 });
  });

  it('fails above the bound, naming the request, its count and its providers', () => {
    const h = history([
      request(0),
      request(1, { attempts: retries(7) }),
      request(2, { attempts: retries(3) }),
    ]);
    const r = attemptsPerRequest(h, {}, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 7, threshold: 6 });
    expect(r.message).toContain('#1 7 (openai, openai');
    expect(r.message).not.toContain('#2');
  });

  it('counts cancelled hedges and takes an explicit max over the policy', () => {
    const h = history([
      request(0, {
        attempts: [attempt('openai', 0, 50, 'cancelled', { hedge: true }), attempt('huggingface', 10, 40)],
      }),
    ]);
    const r = attemptsPerRequest(h, { max: 1 }, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 2, threshold: 1 });
  });
});

describe('attempts-per-request on a history without attempts', () => {
  it('fails as vacuous when asked for, and is not run unasked', async () => {
    const { runChecks } = await import('../../src/checks/run-checks.ts');
    const blackBox = history([request(0, { attempts: [] }), request(1, { attempts: [] })]);
    const asked = attemptsPerRequest(blackBox, {}, ctx);
    expect(asked).toMatchObject({ verdict: 'fail', measured: null });
    expect(asked.message).toContain('vacuous');
    const ids = runChecks(blackBox, {}, ctx).map((c) => c.id);
    expect(ids).not.toContain('attempts-per-request');
    expect(runChecks(history([request(0)]), {}, ctx).map((c) => c.id)).toContain('attempts-per-request');
  });
});
