import type { FaultInjector } from '../faults/backends/injector.ts';
import { MockAgentInjector } from '../faults/backends/mock-agent.ts';
import { variantOf } from '../faults/catalog.ts';
import { createInjector } from '../faults/create.ts';
import { supportOf } from '../faults/matrix.ts';
import { fetchTransport } from '../router/transport/fetch-transport.ts';
import type { Transport } from '../router/transport/transport.ts';
import { undiciTransport } from '../router/transport/undici-transport.ts';
import type { BackendSession } from './run-scenario.ts';
import type { BackendName } from './schema.ts';
import type { Scenario } from './validate.ts';

export interface StartBackendOptions {
  /** Fault server port (default: a free one). */
  port?: number;
  /** Provider names beyond openai and huggingface, served as OpenAI-compatible fakes. */
  providers?: readonly string[];
}

/** Starts a backend (built by the faults' one factory) and the router transport that reaches it. */
export async function startBackend(
  backend: BackendName,
  seed: number,
  options: StartBackendOptions = {},
): Promise<BackendSession> {
  const injector = createInjector(backend, {
    seed,
    ...(options.providers ? { providers: options.providers } : {}),
    ...(backend === 'server' && options.port !== undefined ? { port: options.port } : {}),
  });
  await injector.start();
  return { injector, transport: transportFor(injector) };
}

/**
 * MSW and nock intercept the fetch API (the router's `fetch` transport); the fault server is real
 * sockets, reached by the fast undici transport; MockAgent is an undici dispatcher handed to the
 * undici transport.
 */
function transportFor(injector: FaultInjector): Transport {
  if (injector instanceof MockAgentInjector) return undiciTransport({ dispatcher: injector.dispatcher });
  return injector.backend === 'server' ? undiciTransport() : fetchTransport();
}

/** Why `backend` cannot produce one of the scenario's faults (the matrix's note), or undefined. */
export function unsupportedReason(scenario: Scenario, backend: BackendName): string | undefined {
  for (const fault of scenario.faults) {
    const variant = variantOf(fault);
    const support = supportOf(backend, variant);
    if (support.level === 'unsupported') {
      return `the ${backend} backend cannot produce ${variant}: ${support.note ?? 'unsupported'}`;
    }
  }
  return undefined;
}

/**
 * Where a scenario runs when it names no backend: MSW (in-process) and the fault server (real
 * sockets), plus nock; each only when it can produce every fault of the scenario (the matrix).
 */
export function defaultBackendsFor(scenario: Scenario): BackendName[] {
  const candidates: BackendName[] = ['msw', 'server', 'nock'];
  return candidates.filter((backend) => unsupportedReason(scenario, backend) === undefined);
}
