import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleTimer } from '../../src/router/idle-timer.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('IdleTimer: one timer per stream, only waits count', () => {
  it('fires when one wait lasts the whole window', async () => {
    const onIdle = vi.fn();
    const idle = new IdleTimer(500, onIdle);
    idle.start();
    await vi.advanceTimersByTimeAsync(499);
    expect(onIdle).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    idle.dispose();
  });

  it('gives every wait a full window: short waits, each under the limit, never fire', async () => {
    const onIdle = vi.fn();
    const idle = new IdleTimer(500, onIdle);
    for (let i = 0; i < 10; i++) {
      idle.start();
      await vi.advanceTimersByTimeAsync(400);
      idle.stop();
    }
    expect(onIdle).not.toHaveBeenCalled();
    // A wait after many short ones still gets 500 ms, counted from its own start.
    idle.start();
    await vi.advanceTimersByTimeAsync(499);
    expect(onIdle).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    idle.dispose();
  });

  it("the consumer's time is not a wait: a slow consumer never fires it, and the next wait is whole", async () => {
    const onIdle = vi.fn();
    const idle = new IdleTimer(500, onIdle);
    idle.start();
    await vi.advanceTimersByTimeAsync(100);
    idle.stop();
    // The consumer holds the chunk for 2 s (a slow client).
    await vi.advanceTimersByTimeAsync(2_000);
    expect(onIdle).not.toHaveBeenCalled();
    idle.start();
    await vi.advanceTimersByTimeAsync(499);
    expect(onIdle).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    idle.dispose();
  });

  it('leaves no timer once disposed, and none at all with no limit', async () => {
    const idle = new IdleTimer(500, () => {});
    idle.start();
    expect(vi.getTimerCount()).toBe(1);
    idle.dispose();
    expect(vi.getTimerCount()).toBe(0);
    const unlimited = new IdleTimer(Number.POSITIVE_INFINITY, () => {
      throw new Error('never');
    });
    unlimited.start();
    expect(vi.getTimerCount()).toBe(0);
    unlimited.dispose();
  });
});
