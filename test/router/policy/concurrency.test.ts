import { describe, expect, it } from 'vitest';
import { isProviderError, type ProviderError } from '../../../src/router/errors.ts';
import { ConcurrencyLimiter } from '../../../src/router/policy/concurrency.ts';

const signal = () => new AbortController().signal;

describe('ConcurrencyLimiter', () => {
  it('grants up to maxInFlight at once, then queues FIFO, then sheds', async () => {
    const limiter = new ConcurrencyLimiter('openai', { maxInFlight: 2, maxQueue: 2 });
    expect(limiter.acquire(signal())).toBeUndefined();
    expect(limiter.acquire(signal())).toBeUndefined();
    expect(limiter.inFlight).toBe(2);
    const order: string[] = [];
    const a = limiter.acquire(signal())?.then(() => order.push('a'));
    const b = limiter.acquire(signal())?.then(() => order.push('b'));
    expect(a).toBeInstanceOf(Promise);
    expect(b).toBeInstanceOf(Promise);
    expect(limiter.queued).toBe(2);

    let shed: unknown;
    try {
      limiter.acquire(signal());
    } catch (e) {
      shed = e;
    }
    expect(isProviderError(shed)).toBe(true);
    expect(shed).toMatchObject({ code: 'rate-limited', detail: 'shed', provider: 'openai' });
    expect((shed as ProviderError).retryAfterMs).toBeGreaterThan(0);

    limiter.release();
    await a;
    expect(order).toEqual(['a']);
    expect(limiter.inFlight).toBe(2);
    limiter.release();
    await b;
    expect(order).toEqual(['a', 'b']);
    limiter.release();
    limiter.release();
    expect(limiter.inFlight).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('sheds at once with the default queue of 0, and estimates retryAfterMs from held durations', () => {
    const limiter = new ConcurrencyLimiter('hf', { maxInFlight: 1 });
    limiter.acquire(signal());
    const shedOnce = () => {
      try {
        limiter.acquire(signal());
      } catch (e) {
        return e as ProviderError;
      }
      throw new Error('expected a shed');
    };
    expect(shedOnce().retryAfterMs).toBe(1000); // the initial estimate
    limiter.release(500); // 0.8·1000 + 0.2·500
    limiter.acquire(signal());
    expect(shedOnce().retryAfterMs).toBe(900);
  });

  it('an abort while queued leaves the queue and rejects with the reason', async () => {
    const limiter = new ConcurrencyLimiter('openai', { maxInFlight: 1, maxQueue: 2 });
    limiter.acquire(signal());
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    let granted = false;
    const other = limiter.acquire(signal())?.then(() => {
      granted = true;
    });
    expect(limiter.queued).toBe(2);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(limiter.queued).toBe(1);
    limiter.release();
    await other;
    // The slot went to the one still waiting, not to the aborted one.
    expect(granted).toBe(true);
    expect(limiter.inFlight).toBe(1);
  });

  it.each([
    [{ maxInFlight: 0 }, /concurrency\.maxInFlight must be a whole number of at least 1, got 0/],
    [{ maxInFlight: 1.5 }, /concurrency\.maxInFlight must be a whole number of at least 1, got 1\.5/],
    [{ maxInFlight: 1, maxQueue: -1 }, /concurrency\.maxQueue must be a whole number of 0 or more, got -1/],
  ])('rejects %o with a message naming the field', (options, message) => {
    expect(() => new ConcurrencyLimiter('p', options)).toThrow(RangeError);
    expect(() => new ConcurrencyLimiter('p', options)).toThrow(message);
  });
});
