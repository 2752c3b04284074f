/**
 * Runs the upstream-record case table against one backend: each case sends one request and reads
 * the record the injector kept of it. Cases whose variant the backend cannot produce are left to
 * the conformance suite (which asserts that setting them is refused).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultInjector } from '../../../src/faults/backends/injector.ts';
import { supportOf } from '../../../src/faults/matrix.ts';
import type { UpstreamAttempt } from '../../../src/faults/upstream-record.ts';
import { RECORD_CASES, type RecordSight } from './record-cases.ts';
import { type ConformanceSetup, urlFor } from './suite.ts';

/** Waits (bounded) for the record's only attempt to end: a client's close reaches the server late. */
async function settled(injector: FaultInjector, waitMs: number): Promise<UpstreamAttempt[]> {
  const until = performance.now() + waitMs;
  for (;;) {
    const { attempts } = injector.upstream();
    if (attempts.every((a) => a.endMs !== undefined) || performance.now() > until) return attempts;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function recordSuite<I extends FaultInjector>(setup: ConformanceSetup<I>, sees: RecordSight): void {
  const { backend } = setup;
  describe(`upstream record: ${backend}`, () => {
    let injector: I;
    beforeAll(async () => {
      injector = setup.create(7);
      await injector.start();
    });
    afterAll(async () => {
      await injector.stop();
    });

    for (const c of RECORD_CASES) {
      if (c.variant !== 'healthy' && supportOf(backend, c.variant).level === 'unsupported') continue;
      const client = setup.clients[0]!;
      it(`${c.name} [${client.name}]`, async () => {
        injector.setFaults(c.faults);
        injector.reset();
        const body = c.request.body ? JSON.stringify(c.request.body) : undefined;
        const observed = await client.of(injector).send({
          url: urlFor(injector.endpoints, c.request),
          method: c.request.method,
          body,
          timeoutMs: c.request.timeoutMs ?? 5000,
        });
        // A backend that cannot see the close keeps the attempt open: a short, bounded wait.
        const attempts = await settled(injector, 1000);
        expect(attempts).toHaveLength(1);
        const attempt = attempts[0]!;
        expect(attempt.seq).toBe(1);
        expect(attempt.startMs).toBeGreaterThan(Date.now() - 60_000);
        c.expect(attempt, observed, sees);
      });
    }

    it('pages in seq order, and reset clears the record', async () => {
      injector.setFaults([]);
      injector.reset();
      const client = setup.clients[0]!.of(injector);
      const url = `${injector.endpoints.openai.baseURL}/models`;
      for (let i = 0; i < 5; i++) await client.send({ url, method: 'GET', timeoutMs: 5000 });
      const all = injector.upstream();
      expect(all.attempts.map((a) => a.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(all.attempts.every((a) => a.operation === 'models' && a.end === 'complete')).toBe(true);
      expect(all.next).toBeUndefined();
      const first = injector.upstream({ limit: 2 });
      expect(first.attempts.map((a) => a.seq)).toEqual([1, 2]);
      expect(first.next).toBe(2);
      const rest = injector.upstream({ after: first.next, limit: 10 });
      expect(rest.attempts.map((a) => a.seq)).toEqual([3, 4, 5]);
      expect(rest.next).toBeUndefined();
      injector.reset();
      expect(injector.upstream()).toEqual({ attempts: [], dropped: 0 });
    });
  });
}
