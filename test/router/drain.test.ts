import { describe, expect, it } from 'vitest';
import { drainAfterDone } from '../../src/router/drain.ts';

/** A body iterator over `chunks`; `then` says what comes after them: the end, a throw, or nothing ever. */
function bodyOf(chunks: Uint8Array[], then: 'end' | 'throw' | 'hang') {
  let i = 0;
  let returned = false;
  const iterator: AsyncIterator<Uint8Array> = {
    async next() {
      if (i < chunks.length) return { done: false, value: chunks[i++] as Uint8Array };
      if (then === 'end') return { done: true, value: undefined };
      if (then === 'throw') throw new Error('socket hang up');
      return new Promise<IteratorResult<Uint8Array>>(() => {});
    },
    async return() {
      returned = true;
      return { done: true, value: undefined };
    },
  };
  return { iterator, wasReturned: () => returned };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('drainAfterDone', () => {
  it('reads a body to its end and leaves it standing', async () => {
    const body = bodyOf([new Uint8Array(3), new Uint8Array(4)], 'end');
    let tornDown = 0;
    await drainAfterDone(body.iterator, () => tornDown++, 100, 20);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(tornDown).toBe(0);
    expect(await body.iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('tears the body down once more than the byte cap follows [DONE]', async () => {
    const body = bodyOf([new Uint8Array(60), new Uint8Array(60)], 'hang');
    let tornDown = 0;
    await drainAfterDone(body.iterator, () => tornDown++, 100, 60_000);
    await until(() => tornDown === 1);
  });

  it('tears a body held open down after the time cap, without holding the caller', async () => {
    const body = bodyOf([], 'hang');
    let tornDown = 0;
    // Resolves while the body is still open: the caller is not held for the cap.
    await drainAfterDone(body.iterator, () => tornDown++, 100, 50);
    expect(tornDown).toBe(0);
    await until(() => tornDown === 1);
  });

  it('tears down a body that breaks after [DONE], and never rejects', async () => {
    const body = bodyOf([new Uint8Array(1)], 'throw');
    let tornDown = 0;
    await expect(drainAfterDone(body.iterator, () => tornDown++, 100, 60_000)).resolves.toBeUndefined();
    await until(() => tornDown === 1);
  });

  it('a teardown that throws (already destroyed) is swallowed', async () => {
    const body = bodyOf([], 'throw');
    let calls = 0;
    await drainAfterDone(
      body.iterator,
      () => {
        calls++;
        throw new Error('already destroyed');
      },
      100,
      60_000,
    );
    await until(() => calls === 1);
  });
});
