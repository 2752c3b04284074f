import type { InjectorOptions } from './backends/injector.ts';
import { MockAgentInjector } from './backends/mock-agent.ts';
import { MswInjector, type MswInjectorOptions } from './backends/msw.ts';
import { NockInjector } from './backends/nock.ts';
import { FaultServer, type FaultServerOptions } from './server/fault-server.ts';
import type { BackendName } from './support.ts';

/** Options for any backend; each takes the ones that concern it. */
export type AnyInjectorOptions = InjectorOptions & FaultServerOptions & MswInjectorOptions;

/** The injector each backend is (the MockAgent one hands out a dispatcher, the server a URL). */
export interface InjectorFor {
  msw: MswInjector;
  nock: NockInjector;
  server: FaultServer;
  'mock-agent': MockAgentInjector;
}

const FACTORIES: { readonly [B in BackendName]: (options: AnyInjectorOptions) => InjectorFor[B] } = {
  msw: (options) => new MswInjector(options),
  nock: (options) => new NockInjector(options),
  server: (options) => new FaultServer(options),
  'mock-agent': (options) => new MockAgentInjector(options),
};

/**
 * An injector for a backend, not started yet (call `start()`): the one place injectors are built.
 * nock is only imported on start, so creating injectors never touches the process's interceptors.
 *
 * @example
 * const injector = createInjector('msw', { seed: 42 });
 * await injector.start();
 * injector.setFaults([{ kind: 'rate-limit', target: 'openai', retryAfterS: 2, times: 3 }]);
 */
export function createInjector<B extends BackendName>(
  backend: B,
  options: AnyInjectorOptions = {},
): InjectorFor[B] {
  return FACTORIES[backend](options);
}
