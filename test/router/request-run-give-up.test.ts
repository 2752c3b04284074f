// RequestRun (src/router/request-run.ts) through router.chat, on fake providers and a fake clock.
// Giving up: the final error names what really happened to each provider (issue 8, item 14:
// "every provider's circuit breaker is open (huggingface)" while OpenAI was rate-limited).
// The chooser itself is unit-tested in run/give-up.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { failing } from './support/fake-provider.ts';
import { ASK, flush, routerErrorOf, routerOver, watch } from './support/router-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the error when the router gives up names each provider’s state', () => {
  it('a rate-limited primary still cooling down is named beside the fallback’s open breaker', async () => {
    const openai = failing('openai', 'rate-limited', { status: 429, retryAfterMs: 2000 });
    const huggingface = failing('huggingface', 'unavailable', { status: 503 });
    const { router } = routerOver([openai, huggingface], {
      breaker: { consecutiveFailures: 1, openMs: 10_000 },
      retry: { maxRetries: 0 },
    });
    const first = watch(router.chat(ASK));
    await flush();
    expect(routerErrorOf(first).code).toBe('all-providers-failed');

    await vi.advanceTimersByTimeAsync(500);
    const second = watch(router.chat(ASK));
    await flush();
    const error = routerErrorOf(second);
    expect(error.code).toBe('no-provider-available');
    expect(error.attempts).toEqual([]);
    expect(error.message).toBe(
      'no provider could be tried (openai: rate-limited for another 1500 ms, circuit breaker open for ' +
        'another 9500 ms; huggingface: circuit breaker open for another 9500 ms)',
    );
    expect(openai.calls).toHaveLength(1);
    expect(huggingface.calls).toHaveLength(1);
  });

  it('a retry past the deadline does not call a failed fallback rate-limited', async () => {
    const openai = failing('openai', 'rate-limited', { status: 429, retryAfterMs: 5000 });
    const huggingface = failing('huggingface', 'unavailable', { status: 503 });
    const { router } = routerOver([openai, huggingface], {
      deadlineMs: 1000,
      errorPolicy: { unavailable: 'failover' },
    });
    const result = watch(router.chat(ASK));
    await flush();
    const error = routerErrorOf(result);
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(5000);
    expect(error.message).toBe(
      'the next try (openai, in 5000 ms) would pass the 1000 ms deadline ' +
        '(openai: rate-limited with Retry-After 5000 ms; huggingface: unavailable)',
    );
  });

  it('when every attempt failed, each provider is named with its last error', async () => {
    const openai = failing('openai', 'auth', { status: 401 });
    const huggingface = failing('huggingface', 'rate-limited', { status: 429, retryAfterMs: 300 });
    const { router } = routerOver([openai, huggingface], { retry: { maxRetries: 0 } });
    const result = watch(router.chat(ASK));
    await flush();
    const error = routerErrorOf(result);
    expect(error.code).toBe('all-providers-failed');
    expect(error.message).toBe(
      'no provider could serve the request (openai: auth; huggingface: rate-limited with ' +
        'Retry-After 300 ms); gave up after 2 attempts (retry.maxAttempts)',
    );
  });
});
