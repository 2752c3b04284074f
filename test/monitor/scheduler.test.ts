// The schedule under fake timers: interval plus jitter, never two cycles at once, stop waits.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mapLimit, Schedule } from '../../src/monitor/scheduler.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Schedule', () => {
  it('runs at once, then every interval plus jitter', async () => {
    const runs: number[] = [];
    const schedule = new Schedule(
      async () => {
        runs.push(Date.now());
      },
      60_000,
      10_000,
      () => 0.5,
    );
    const start = Date.now();
    schedule.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([start]);
    await vi.advanceTimersByTimeAsync(64_999);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual([start, start + 65_000]);
    await vi.advanceTimersByTimeAsync(65_000 * 3);
    expect(runs).toHaveLength(5);
    await schedule.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(runs).toHaveLength(5);
  });

  it('waits for a slow cycle before counting the next interval (no overlap)', async () => {
    let inFlight = 0;
    let most = 0;
    const starts: number[] = [];
    const schedule = new Schedule(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 90_000)); // slower than the interval
      inFlight--;
    }, 60_000);
    const start = Date.now();
    schedule.start();
    await vi.advanceTimersByTimeAsync(400_000);
    expect(most).toBe(1);
    expect(starts.slice(0, 3)).toEqual([start, start + 150_000, start + 300_000]);
    const stopped = schedule.stop();
    await vi.advanceTimersByTimeAsync(90_000);
    await stopped;
    expect(inFlight).toBe(0);
  });

  it('keeps going after a failing cycle', async () => {
    let n = 0;
    const schedule = new Schedule(async () => {
      n++;
      throw new Error('boom');
    }, 1000);
    schedule.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(n).toBe(4);
    await schedule.stop();
  });
});

describe('mapLimit', () => {
  it('keeps at most `limit` calls in flight and the results in order', async () => {
    vi.useRealTimers();
    let inFlight = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (ms) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight--;
      return ms * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(2);
  });
});
