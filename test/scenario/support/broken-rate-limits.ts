/**
 * Deliberately broken routers for "every provider rate-limited at once", each with one defect
 * gateways really ship: the caller is told "all providers failed" (a 500, no Retry-After), or told
 * to come back after a fixed second whatever the providers said.
 */

import type { SystemFactory } from '../../../src/scenario/run-scenario.ts';
import { referenceSystem } from '../../../src/systems/reference.ts';
import type { ObservedStream, SystemUnderTest } from '../../../src/systems/system-under-test.ts';

type Rewrite = (error: unknown) => unknown;

/** The reference router with every error it throws rewritten on its way to the caller. */
function rewritingErrors(rewrite: Rewrite): SystemFactory {
  return (input) => {
    const inner = referenceSystem(input);
    return {
      ...inner,
      chat: (request, signal) =>
        inner.chat(request, signal).catch((error: unknown) => {
          throw rewrite(error);
        }),
      stream(request, signal): ObservedStream {
        const stream = inner.stream(request, signal);
        return {
          route: () => stream.route(),
          async *[Symbol.asyncIterator]() {
            try {
              yield* stream;
            } catch (error) {
              throw rewrite(error);
            }
          },
        };
      },
    } satisfies SystemUnderTest;
  };
}

const attemptsOf = (error: unknown) => (error as { attempts?: unknown }).attempts ?? [];

/** The defect: every give-up is a 500 "all providers failed", the rate limit and its wait lost. */
export const hidesRateLimit: SystemFactory = rewritingErrors((error) =>
  Object.assign(new Error('all providers failed'), {
    code: 'all-providers-failed',
    status: 500,
    attempts: attemptsOf(error),
  }),
);

/** The defect: a 429, but with a fixed `Retry-After: 1` instead of the providers' own waits. */
export const fixedRetryAfter: SystemFactory = rewritingErrors((error) =>
  Object.assign(new Error((error as Error).message), {
    code: 'rate-limited',
    status: 429,
    retryAfterMs: 1000,
    attempts: attemptsOf(error),
  }),
);
