import type { FaultInjector, InjectorOptions } from './backends/injector.ts';
import { MockAgentInjector } from './backends/mock-agent.ts';
import { MswInjector, type MswInjectorOptions } from './backends/msw.ts';
import { NockInjector } from './backends/nock.ts';
import { FaultServer, type FaultServerOptions } from './server/fault-server.ts';
import type { BackendName } from './support.ts';

/** Options for any backend; each takes the ones that concern it. */
export type AnyInjectorOptions = InjectorOptions & FaultServerOptions & MswInjectorOptions;

/**
 * An injector for a backend, not started yet (call `start()`). nock is only imported on start, so
 * creating injectors never touches the process's interceptors.
 *
 * @example
 * const injector = createInjector('msw', { seed: 42 });
 * await injector.start();
 * injector.setFaults([{ kind: 'rate-limit', target: 'openai', retryAfterS: 2, times: 3 }]);
 */
export function createInjector(backend: BackendName, options: AnyInjectorOptions = {}): FaultInjector {
  switch (backend) {
    case 'msw':
      return new MswInjector(options);
    case 'nock':
      return new NockInjector(options);
    case 'server':
      return new FaultServer(options);
    case 'mock-agent':
      return new MockAgentInjector(options);
  }
}
