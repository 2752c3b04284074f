import { describe, expect, it } from 'vitest';
import {
  type BreakerOptions,
  type BreakerTransition,
  CircuitBreaker,
} from '../../../src/router/policy/breaker.ts';

function breakerWith(options: BreakerOptions) {
  let now = 0;
  const transitions: BreakerTransition[] = [];
  const breaker = new CircuitBreaker(
    options,
    () => now,
    (t) => transitions.push(t),
  );
  return {
    breaker,
    transitions,
    advance(ms: number) {
      now += ms;
    },
    /** A call that takes a permit and fails. */
    fail() {
      const permit = breaker.tryAcquire();
      expect(permit).toBeDefined();
      breaker.failure(permit);
    },
    succeed() {
      const permit = breaker.tryAcquire();
      expect(permit).toBeDefined();
      breaker.success(permit);
    },
  };
}

const path = (transitions: BreakerTransition[]) => transitions.map((t) => `${t.from}>${t.to}`);

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures, and a success resets the count', () => {
    const b = breakerWith({ consecutiveFailures: 3, minimumCalls: 100 });
    b.fail();
    b.fail();
    b.succeed();
    b.fail();
    b.fail();
    expect(b.breaker.state).toBe('closed');
    b.fail();
    expect(b.breaker.state).toBe('open');
    expect(b.transitions).toEqual([{ from: 'closed', to: 'open', reason: '3 consecutive failures' }]);
    expect(b.breaker.tryAcquire()).toBeUndefined();
    expect(b.breaker.canAttempt()).toBe(false);
  });

  it('opens on the failure rate over the window once minimumCalls is reached', () => {
    const b = breakerWith({ consecutiveFailures: 100, failureRate: 0.5, minimumCalls: 4, windowMs: 1000 });
    b.fail();
    b.succeed();
    b.fail();
    expect(b.breaker.state).toBe('closed'); // 3 calls: below minimumCalls
    b.succeed();
    expect(b.breaker.state).toBe('closed'); // a success never opens
    b.fail(); // 3 of 5
    expect(b.breaker.state).toBe('open');
    expect(b.transitions).toHaveLength(1);
    expect(b.transitions[0]?.reason).toMatch(/failure rate 0\.60 >= 0\.5 over 1000 ms/);
  });

  it('forgets calls that slid out of the window', () => {
    const b = breakerWith({ consecutiveFailures: 100, failureRate: 0.5, minimumCalls: 4, windowMs: 1000 });
    b.fail();
    b.fail();
    b.fail();
    b.succeed();
    b.advance(1500);
    b.succeed();
    b.succeed();
    b.fail();
    b.succeed();
    // Counting the old failures would make 4 of 8 (0.5); in the window it is 1 of 4.
    expect(b.breaker.state).toBe('closed');
    b.fail();
    b.fail(); // 3 of 6 in the window
    expect(b.breaker.state).toBe('open');
  });

  it('goes half-open after openMs, lets a bounded number of trials through, and closes on success', () => {
    const b = breakerWith({ consecutiveFailures: 1, openMs: 1000, halfOpenTrials: 2 });
    b.fail();
    expect(b.breaker.reopensAt).toBe(1000);
    b.advance(999);
    expect(b.breaker.state).toBe('open');
    b.advance(1);
    expect(b.breaker.state).toBe('half-open');
    expect(b.breaker.reopensAt).toBeUndefined();
    const first = b.breaker.tryAcquire();
    const second = b.breaker.tryAcquire();
    expect([first, second]).toEqual(['trial', 'trial']);
    expect(b.breaker.tryAcquire()).toBeUndefined();
    // A trial that ended without a verdict frees its slot.
    b.breaker.release(first);
    const third = b.breaker.tryAcquire();
    expect(third).toBe('trial');
    b.breaker.success(second);
    expect(b.breaker.state).toBe('closed');
    expect(path(b.transitions)).toEqual(['closed>open', 'open>half-open', 'half-open>closed']);
    expect(b.transitions[1]?.reason).toBe('open for 1000 ms');
    expect(b.transitions[2]?.reason).toBe('trial succeeded');
    expect(b.breaker.tryAcquire()).toBe('call');
  });

  it('reopens when a trial fails, for a fresh openMs', () => {
    const b = breakerWith({ consecutiveFailures: 1, openMs: 1000 });
    b.fail();
    b.advance(1000);
    b.fail(); // the trial
    expect(b.breaker.state).toBe('open');
    b.advance(999);
    expect(b.breaker.state).toBe('open');
    b.advance(1);
    expect(b.breaker.state).toBe('half-open');
    expect(path(b.transitions)).toEqual([
      'closed>open',
      'open>half-open',
      'half-open>open',
      'open>half-open',
    ]);
    expect(b.transitions[2]?.reason).toBe('trial failed');
  });

  it('in probe mode, half-open lets no request through and the probe decides', () => {
    const b = breakerWith({ consecutiveFailures: 1, openMs: 500, halfOpenMode: 'probe' });
    b.fail();
    b.advance(500);
    expect(b.breaker.state).toBe('half-open');
    expect(b.breaker.canAttempt()).toBe(false);
    expect(b.breaker.tryAcquire()).toBeUndefined();
    b.breaker.probeResult(false);
    expect(b.breaker.state).toBe('open');
    b.advance(500);
    // The router asks for a probe only after it saw the breaker half-open.
    expect(b.breaker.state).toBe('half-open');
    b.breaker.probeResult(true);
    expect(b.breaker.state).toBe('closed');
    expect(path(b.transitions)).toEqual([
      'closed>open',
      'open>half-open',
      'half-open>open',
      'open>half-open',
      'half-open>closed',
    ]);
    expect(b.transitions.map((t) => t.reason)).toContain('probe failed');
    expect(b.transitions.at(-1)?.reason).toBe('probe succeeded');
  });

  it('ignores a probe result unless half-open', () => {
    const b = breakerWith({ consecutiveFailures: 1 });
    b.breaker.probeResult(false);
    expect(b.breaker.state).toBe('closed');
    expect(b.transitions).toEqual([]);
  });

  it('starts afresh once closed: old failures do not count', () => {
    const b = breakerWith({ consecutiveFailures: 2, openMs: 100 });
    b.fail();
    b.fail();
    b.advance(100);
    b.succeed();
    expect(b.breaker.state).toBe('closed');
    b.fail();
    expect(b.breaker.state).toBe('closed');
  });

  it.each<[BreakerOptions, RegExp]>([
    [{ consecutiveFailures: 0 }, /breaker\.consecutiveFailures must be a whole number of at least 1, got 0/],
    [{ minimumCalls: 1.5 }, /breaker\.minimumCalls must be a whole number of at least 1, got 1\.5/],
    [{ halfOpenTrials: 0 }, /breaker\.halfOpenTrials/],
    [{ failureRate: 0 }, /breaker\.failureRate must be in the range \(0, 1\], got 0/],
    [{ failureRate: 1.5 }, /breaker\.failureRate must be in the range \(0, 1\], got 1\.5/],
    [{ windowMs: 0 }, /breaker\.windowMs must be greater than 0, got 0/],
    [{ openMs: -1 }, /breaker\.openMs must be 0 or more, got -1/],
  ])('rejects %o with a message naming the field and its range', (options, message) => {
    expect(
      () =>
        new CircuitBreaker(
          options,
          () => 0,
          () => {},
        ),
    ).toThrow(RangeError);
    expect(
      () =>
        new CircuitBreaker(
          options,
          () => 0,
          () => {},
        ),
    ).toThrow(message);
  });
});
