// RequestRun (src/router/request-run.ts) through router.chat, on fake providers and a fake clock.
// The attempt events a request emits.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { failing, healthy } from './support/fake-provider.ts';
import { ASK, routerOver } from './support/router-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('events', () => {
  it('emits one attempt event per attempt, in order, and a throwing listener changes nothing', async () => {
    const a = failing('a', 'unavailable', { status: 503 });
    const b = healthy('b');
    const { router, events } = routerOver([a, b]);
    router.subscribe(() => {
      throw new Error('a broken logger');
    });
    const { route } = await router.chat(ASK);
    expect(events.map((e) => e.type)).toEqual(['attempt', 'failover', 'attempt']);
    const attempts = events.flatMap((e) => (e.type === 'attempt' ? [e.attempt] : []));
    expect(attempts).toEqual(route.attempts);
    const ids = new Set(events.flatMap((e) => ('requestId' in e ? [e.requestId] : [])));
    expect(ids.size).toBe(1);
  });

  it('subscribe returns an unsubscribe', async () => {
    const { router } = routerOver([healthy('a')]);
    const seen: string[] = [];
    const stop = router.subscribe((e) => seen.push(e.type));
    await router.chat(ASK);
    stop();
    await router.chat(ASK);
    expect(seen).toEqual(['attempt']);
  });
});
