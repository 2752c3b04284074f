import fc from 'fast-check';
import type { FaultInput } from '../../faults/model.ts';

/**
 * Arbitrary fault timelines for the property checks: faults of every kind the router must
 * survive invisibly, on one provider, each with an arbitrary blast radius (times, after, a time
 * window within the run, a seeded probability). Faults that break a stream after bytes reached
 * the caller are left out: after the first chunk no router can fail over invisibly, by design.
 */
function faultOn(target: string): fc.Arbitrary<FaultInput> {
  const kind = fc.oneof(
    fc.record({ kind: fc.constant('http-error' as const), status: fc.constantFrom(500, 502, 503, 504) }),
    fc.record({ kind: fc.constant('rate-limit' as const), retryAfterMs: fc.integer({ min: 0, max: 60 }) }),
    fc.record({ kind: fc.constant('timeout' as const), mode: fc.constant('hang' as const) }),
    fc.record({ kind: fc.constant('auth' as const), status: fc.constantFrom(401 as const, 403 as const) }),
    fc.record({ kind: fc.constant('network' as const), mode: fc.constant('reset' as const) }),
    // Not `invalid-json` nor `unknown-finish-reason`: on a stream they break a later event, after
    // the first chunk reached the caller (the stream-cut scenarios hold the router to that case).
    fc.record({
      kind: fc.constant('malformed' as const),
      mode: fc.constantFrom('garbage' as const, 'wrong-content-type' as const),
    }),
    fc.record({
      kind: fc.constant('schema-drift' as const),
      mode: fc.constantFrom('missing-choices' as const, 'wrong-types' as const),
    }),
    fc.record({
      kind: fc.constant('latency' as const),
      distribution: fc.constant('fixed' as const),
      ms: fc.integer({ min: 0, max: 30 }),
    }),
  );
  const radius = fc.record(
    {
      times: fc.integer({ min: 1, max: 4 }),
      after: fc.integer({ min: 0, max: 2 }),
      startMs: fc.integer({ min: 0, max: 40 }),
      durationMs: fc.integer({ min: 1, max: 200 }),
      probability: fc.constantFrom(0.5, 1),
    },
    { requiredKeys: [] },
  );
  return fc.tuple(kind, radius).map(([k, r]) => ({ ...k, ...r, target }) as FaultInput);
}

/** Faults on every provider but `healthy`, which stays healthy for the whole run. */
export function timelineSparing(providers: string[], healthy: string): fc.Arbitrary<FaultInput[]> {
  const others = providers.filter((p) => p !== healthy);
  if (others.length === 0) return fc.constant([]);
  return fc.array(fc.constantFrom(...others).chain(faultOn), { minLength: 1, maxLength: 3 });
}

/** Faults on any provider (all may be down at once). */
export function anyTimeline(providers: string[]): fc.Arbitrary<FaultInput[]> {
  return fc.array(fc.constantFrom(...providers).chain(faultOn), { minLength: 1, maxLength: 4 });
}
