import { describe, expect, it } from 'vitest';
import type { ProviderSlot } from '../../../src/router/core.ts';
import { CircuitBreaker } from '../../../src/router/policy/breaker.ts';
import { BreakerGate } from '../../../src/router/run/breaker-gate.ts';
import { candidatesOf } from '../../../src/router/run/candidate.ts';
import { healthy } from '../support/fake-provider.ts';

/** The gate over plain slots and real breakers on a hand-moved clock: no router, no timers, no sockets. */

let now = 0;
const clock = () => now;

function slot(name: string, breaker?: CircuitBreaker): ProviderSlot {
  return { provider: healthy(name), breaker, limiter: undefined, cooldownUntil: 0 };
}

/** A breaker that opens on one failure and lets trials through `openMs` later. */
function openBreaker(halfOpenMode: 'request' | 'probe'): CircuitBreaker {
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, openMs: 100, halfOpenMode }, clock, () => {});
  breaker.failure(breaker.tryAcquire());
  return breaker;
}

function gate(): { gate: BreakerGate; probed: string[] } {
  const probed: string[] = [];
  return { gate: new BreakerGate({ requestProbe: (s) => probed.push(s.provider.name) }), probed };
}

describe('BreakerGate', () => {
  it('grants a call where there is no breaker, or a closed one, and notes nothing', () => {
    now = 0;
    const closed = new CircuitBreaker({}, clock, () => {});
    const [a, b] = candidatesOf([slot('a'), slot('b', closed)]);
    const { gate: g, probed } = gate();
    expect(g.acquire(a!)).toBe('call');
    expect(g.acquire(b!)).toBe('call');
    expect(g.skipped).toEqual([]);
    expect(probed).toEqual([]);
  });

  it('an open breaker refuses: the provider is passed over once, however often it is asked', () => {
    now = 0;
    const [a] = candidatesOf([slot('a', openBreaker('request'))]);
    const { gate: g, probed } = gate();
    expect(g.acquire(a!)).toBeUndefined();
    expect(g.acquire(a!)).toBeUndefined();
    expect(g.skipped).toEqual([{ provider: 'a', reason: 'circuit-open' }]);
    expect(probed).toEqual([]);
  });

  it('a half-open breaker in request mode grants a trial', () => {
    now = 0;
    const breaker = openBreaker('request');
    now = 100;
    const [a] = candidatesOf([slot('a', breaker)]);
    const { gate: g } = gate();
    expect(g.acquire(a!)).toBe('trial');
    // Its one trial is taken: the next request is turned away.
    expect(g.acquire(a!)).toBeUndefined();
    expect(g.skipped).toEqual([{ provider: 'a', reason: 'circuit-open' }]);
  });

  it('a half-open breaker in probe mode is passed over and asks for its probe; an open one does not', () => {
    now = 0;
    const probing = openBreaker('probe');
    now = 100;
    // Opened at 100 for a second: still open.
    const reopened = new CircuitBreaker(
      { consecutiveFailures: 1, openMs: 1000, halfOpenMode: 'probe' },
      clock,
      () => {},
    );
    reopened.failure(reopened.tryAcquire());
    const list = candidatesOf([slot('a', probing), slot('b', reopened)]);
    const { gate: g, probed } = gate();
    g.passOver(list);
    expect(probed).toEqual(['a']);
    expect(g.skipped).toEqual([
      { provider: 'a', reason: 'circuit-open' },
      { provider: 'b', reason: 'circuit-open' },
    ]);
  });
});
