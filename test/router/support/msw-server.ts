import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { RouterOptions } from '../../../src/router/options.ts';
import type { Provider } from '../../../src/router/providers/provider.ts';
import { createRouter, type Router } from '../../../src/router/router.ts';
import { recordRequests } from './msw-handlers.ts';

/**
 * An MSW server for one test file: listens before the tests (unhandled requests are errors),
 * records every request per test, resets handlers and closes the routers it built after each.
 */
export function useMswServer(handlers: RequestHandler[]) {
  const server = setupServer(...handlers);
  let requests: string[] = [];
  const routers: Router[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    server.events.removeAllListeners();
    requests = recordRequests(server);
  });
  afterEach(async () => {
    server.resetHandlers();
    await Promise.all(routers.splice(0).map((r) => r.close()));
  });
  afterAll(() => server.close());
  return {
    server,
    /** Requests seen in this test, as `METHOD host/path`. */
    requests: () => requests,
    /** A router on the fetch transport (what MSW intercepts): no retries, no breakers unless asked. */
    fetchRouter(providers: Provider[], options: Partial<RouterOptions> = {}): Router {
      const router = createRouter({
        providers,
        transport: 'fetch',
        retry: { maxRetries: 0 },
        breaker: false,
        ...options,
      });
      routers.push(router);
      return router;
    },
  };
}
