import { vi } from 'vitest';
import { isRouterError, type RouterError } from '../../../src/router/errors.ts';
import type { RouterEvent } from '../../../src/router/events.ts';
import type { RouterOptions } from '../../../src/router/options.ts';
import type { Provider } from '../../../src/router/providers/provider.ts';
import { createRouter, type Router } from '../../../src/router/router.ts';
import { noTransport } from './fake-provider.ts';

/** Lets every promise continuation run without moving the fake clock (fake timers only). */
export const flush = () => vi.advanceTimersByTimeAsync(0);

export const ASK = { messages: [{ role: 'user' as const, content: 'Say hello' }] };

/** A router over fake providers, on `Date.now` (fake timers drive it) and a fixed jitter. */
export function routerOver(
  providers: Provider[],
  options: Partial<RouterOptions> = {},
): {
  router: Router;
  events: RouterEvent[];
  eventsOf: <K extends RouterEvent['type']>(type: K) => Array<Extract<RouterEvent, { type: K }>>;
} {
  const events: RouterEvent[] = [];
  const router = createRouter({
    providers,
    transport: noTransport,
    clock: () => Date.now(),
    random: () => 0.5,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return {
    router,
    events,
    eventsOf: (type) => events.filter((e) => e.type === type) as never,
  };
}

/** Watches a promise without awaiting it, so a test can advance fake time and look. */
export interface Watched<T> {
  readonly settled: boolean;
  readonly value: T | undefined;
  readonly error: unknown;
  readonly promise: Promise<T>;
}

export function watch<T>(promise: Promise<T>): Watched<T> {
  const state = { settled: false, value: undefined as T | undefined, error: undefined as unknown, promise };
  promise.then(
    (value) => {
      state.settled = true;
      state.value = value;
    },
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}

/** The RouterError a watched request failed with; throws when it did not fail that way. */
export function routerErrorOf(watched: Watched<unknown>): RouterError {
  if (!watched.settled) throw new Error('the request has not settled');
  if (!isRouterError(watched.error)) {
    throw new Error(`expected a RouterError, got ${String(watched.error ?? 'a success')}`);
  }
  return watched.error;
}

/** Drains a stream, returning the chunks it gave and the error it ended with (if any). */
export async function drain<T>(iterable: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of iterable) items.push(item);
    return { items, error: undefined };
  } catch (error) {
    return { items, error };
  }
}
