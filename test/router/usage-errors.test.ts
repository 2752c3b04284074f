import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/router/policy/breaker.ts';
import { ConcurrencyLimiter } from '../../src/router/policy/concurrency.ts';
import { createRouter } from '../../src/router/router.ts';
import {
  isRouterOptionsError,
  isRouterUsageError,
  RouterOptionsError,
  RouterUsageError,
} from '../../src/router/usage-errors.ts';
import { completion, fakeProvider, noTransport } from './support/fake-provider.ts';
import { ASK, drain } from './support/router-harness.ts';

/** Every mistake in using the router throws an error with a stable code, a name, and a message that says where (no prefix). */

const ok = (name = 'a') => fakeProvider(name, { complete: async () => completion('hi') });

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('options the router cannot take: BROWNOUT_ROUTER_OPTIONS, a RangeError', () => {
  it.each<[string, () => unknown, RegExp]>([
    [
      'an attempt timeout out of range',
      () => createRouter({ providers: [ok()], transport: noTransport, attemptTimeoutMs: 0 }),
      /^createRouter: attemptTimeoutMs must be a number of at least 1, got 0$/,
    ],
    [
      'no providers',
      () => createRouter({ providers: [], transport: noTransport }),
      /^createRouter: providers must be a non-empty array/,
    ],
    [
      'two providers with one name',
      () => createRouter({ providers: [ok(), ok()], transport: noTransport }),
      /^createRouter: two providers are named "a"/,
    ],
    [
      'a breaker option',
      () => new CircuitBreaker({ failureRate: 1.5 }, Date.now, () => {}),
      /^breaker\.failureRate must be in the range \(0, 1\], got 1\.5$/,
    ],
    [
      'a concurrency option',
      () => new ConcurrencyLimiter('a', { maxInFlight: 1, maxQueue: -1 }),
      /^concurrency\.maxQueue must be a whole number of 0 or more, got -1$/,
    ],
  ])('%s', (_what, fn, message) => {
    const error = thrown(fn);
    expect(error).toBeInstanceOf(RouterOptionsError);
    expect(error).toBeInstanceOf(RangeError);
    expect(error).toMatchObject({ code: 'BROWNOUT_ROUTER_OPTIONS', name: 'RouterOptionsError' });
    expect((error as Error).message).toMatch(message);
    expect(isRouterOptionsError(error)).toBe(true);
    expect(isRouterUsageError(error)).toBe(false);
  });
});

describe('calls the router cannot honour: BROWNOUT_ROUTER_USAGE, a TypeError', () => {
  it('a probe of a provider the router does not have', async () => {
    const router = createRouter({ providers: [ok('a'), ok('b')], transport: noTransport });
    const error = await router.probe('c').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RouterUsageError);
    expect(error).toMatchObject({
      code: 'BROWNOUT_ROUTER_USAGE',
      name: 'RouterUsageError',
      message: 'router.probe: no provider named "c" (have: a, b)',
    });
    expect(isRouterUsageError(error)).toBe(true);
  });

  it('a RouterStream iterated twice', async () => {
    const router = createRouter({ providers: [ok()], transport: noTransport });
    const stream = router.stream(ASK);
    // The first iteration fails (the fake cannot stream); the second is refused before it starts.
    await drain(stream);
    const again = await drain(stream);
    expect(again.error).toBeInstanceOf(TypeError);
    expect(again.error).toMatchObject({
      code: 'BROWNOUT_ROUTER_USAGE',
      message: 'a RouterStream can be iterated once',
    });
  });
});

describe('the guards', () => {
  it('hold for a copy of the error from another copy of the package, and not for a bare RangeError', () => {
    const copy = Object.assign(new RangeError('x'), { code: 'BROWNOUT_ROUTER_OPTIONS' });
    expect(isRouterOptionsError(copy)).toBe(true);
    expect(isRouterOptionsError(new RangeError('x'))).toBe(false);
    expect(isRouterUsageError(undefined)).toBe(false);
  });
});
