import { describe, expect, it } from 'vitest';
import {
  ROUTER_DEFAULTS,
  type RouterOptions,
  requestBudget,
  resolveOptions,
} from '../../src/router/options.ts';
import { createRouter } from '../../src/router/router.ts';
import { completion, fakeProvider, noTransport } from './support/fake-provider.ts';

const ok = () => fakeProvider('a', { complete: async () => completion('hi') });

function build(options: Partial<RouterOptions>) {
  return () => createRouter({ providers: [ok()], transport: noTransport, ...options });
}

describe('createRouter option validation', () => {
  it.each<[Partial<RouterOptions>, RegExp]>([
    [{ attemptTimeoutMs: 0 }, /createRouter: attemptTimeoutMs must be a number of at least 1, got 0/],
    [{ attemptTimeoutMs: Number.NaN }, /attemptTimeoutMs must be a number of at least 1, got NaN/],
    [{ idleTimeoutMs: -5 }, /createRouter: idleTimeoutMs must be a number of at least 1, got -5/],
    [{ deadlineMs: Number.POSITIVE_INFINITY }, /createRouter: deadlineMs must be a number of at least 1/],
    [{ retry: { maxRetries: 1.5 } }, /retry\.maxRetries must be a whole number of at least 0, got 1\.5/],
    [{ retry: { maxRetries: -1 } }, /retry\.maxRetries must be a whole number of at least 0, got -1/],
    [{ retry: { maxAttempts: 0 } }, /retry\.maxAttempts must be a whole number of at least 1, got 0/],
    [{ retry: { baseMs: -1 } }, /retry\.baseMs must be a number of at least 0, got -1/],
    [{ retry: { capMs: Number.NaN } }, /retry\.capMs must be a number of at least 0, got NaN/],
    [{ hedge: { delayMs: -1 } }, /hedge\.delayMs must be a number of at least 0, got -1/],
    [
      { hedge: { delayMs: 10, maxHedges: 0 } },
      /hedge\.maxHedges must be a whole number of at least 1, got 0/,
    ],
    [{ breaker: { consecutiveFailures: 0 } }, /breaker\.consecutiveFailures/],
    [{ concurrency: { a: { maxInFlight: 0 } } }, /concurrency\.maxInFlight/],
  ])('%o is a RangeError naming the field', (options, message) => {
    expect(build(options)).toThrow(RangeError);
    expect(build(options)).toThrow(message);
  });

  it('needs at least one provider', () => {
    expect(() => createRouter({ providers: [], transport: noTransport })).toThrow(
      /providers must be a non-empty array/,
    );
  });

  it('rejects two providers with one name', () => {
    expect(() => createRouter({ providers: [ok(), ok()], transport: noTransport })).toThrow(
      /two providers are named "a"; give each a unique name/,
    );
  });

  it('accepts a valid configuration and reports its providers and breakers', () => {
    const router = createRouter({
      providers: [ok(), fakeProvider('b', {})],
      transport: noTransport,
      breaker: false,
      hedge: { delayMs: 0 },
      retry: { maxRetries: 0, baseMs: 0, capMs: 0 },
    });
    expect(router.providers).toEqual(['a', 'b']);
    expect(router.breakers()).toEqual({ a: 'disabled', b: 'disabled' });
    expect(router.transport).toBe(noTransport);
  });

  it('rejects a request without messages as bad-request before any attempt', async () => {
    const provider = ok();
    const router = createRouter({ providers: [provider], transport: noTransport });
    await expect(router.chat({ messages: [] })).rejects.toMatchObject({
      name: 'RouterError',
      code: 'bad-request',
      attempts: [],
    });
    expect(provider.calls).toHaveLength(0);
  });
});

describe('requestBudget: the defaults the router and the scenario runner share', () => {
  it('fills the defaults, maxAttempts from the providers and retries', () => {
    expect(requestBudget({}, 2)).toEqual({
      attemptTimeoutMs: 30_000,
      deadlineMs: 60_000,
      maxRetries: 2,
      maxAttempts: 6,
    });
    expect(requestBudget({ retry: { maxRetries: 0 } }, 3).maxAttempts).toBe(3);
    expect(
      requestBudget({ attemptTimeoutMs: 5, deadlineMs: 9, retry: { maxRetries: 1, maxAttempts: 4 } }, 2),
    ).toEqual({ attemptTimeoutMs: 5, deadlineMs: 9, maxRetries: 1, maxAttempts: 4 });
  });

  it('is what createRouter resolves', () => {
    const resolved = resolveOptions({ providers: [ok(), fakeProvider('b', {})], retry: { maxRetries: 1 } });
    expect(requestBudget({ retry: { maxRetries: 1 } }, 2)).toEqual({
      attemptTimeoutMs: resolved.attemptTimeoutMs,
      deadlineMs: resolved.deadlineMs,
      maxRetries: resolved.maxRetries,
      maxAttempts: resolved.maxAttempts,
    });
    expect(ROUTER_DEFAULTS.attemptTimeoutMs).toBe(resolveOptions({ providers: [ok()] }).attemptTimeoutMs);
  });
});
