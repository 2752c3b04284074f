import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SseBatch } from '../../src/gateway/sse-batch.ts';

/** A response that records each write. */
function recorder(): { res: ServerResponse; writes: string[] } {
  const writes: string[] = [];
  const res = { write: (text: string) => writes.push(text) > 0 } as unknown as ServerResponse;
  return { res, writes };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SseBatch', () => {
  it('joins the events added in one tick into one write, sent on the next tick', async () => {
    const { res, writes } = recorder();
    const batch = new SseBatch(res);
    batch.add('data: 1\n\n');
    batch.add('data: 2\n\n');
    expect(writes).toEqual([]);
    await tick();
    expect(writes).toEqual(['data: 1\n\ndata: 2\n\n']);
  });

  it('never holds an event past its tick: events of later ticks get writes of their own', async () => {
    const { res, writes } = recorder();
    const batch = new SseBatch(res);
    batch.add('data: 1\n\n');
    await tick();
    batch.add('data: 2\n\n');
    await tick();
    expect(writes).toEqual(['data: 1\n\n', 'data: 2\n\n']);
  });

  it('hands the unsent events to the last write, and the pending flush then writes nothing', async () => {
    const { res, writes } = recorder();
    const batch = new SseBatch(res);
    batch.add('data: 1\n\n');
    expect(batch.take()).toBe('data: 1\n\n');
    await tick();
    expect(writes).toEqual([]);
    expect(batch.take()).toBe('');
  });
});
