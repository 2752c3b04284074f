/**
 * A `defineSystem` module as the system under test, in the runner's process. The faults reach its
 * HTTP client through the backend that intercepts that client (see `unreachableReason`).
 */
import { type Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import type { BackendName } from '../faults/support.ts';
import { ROUTER_DEFAULTS } from '../router/options.ts';
import type { ChatRequest } from '../router/types.ts';
import type { BackendSession } from './backend-session.ts';
import { errorFacts, keepErrorFacts } from './error-facts.ts';
import { DEFAULT_PROVIDERS, providerName } from './reference.ts';
import type { RouterConfig } from './router-config.ts';
import type {
  SystemCallContext,
  SystemDefinition,
  SystemHttpClient,
  SystemPolicy,
  SystemProviders,
  SystemRoute,
} from './system-definition.ts';
import type { ObservedRoute, SystemFactory, SystemUnderTest } from './system-under-test.ts';

/** Which backends intercept which client (FACTS.md, "What intercepts what"). */
const INTERCEPTS: Record<Exclude<BackendName, 'server'>, readonly SystemHttpClient[]> = {
  msw: ['fetch', 'node-http'],
  nock: ['fetch', 'node-http'],
  // As the global dispatcher, MockAgent reaches global fetch and the undici package, not node:http.
  'mock-agent': ['fetch', 'undici'],
};

/** Why `backend` cannot reach the system's requests, or undefined when it can. */
export function unreachableReason(system: SystemDefinition, backend: BackendName): string | undefined {
  const http = system.http ?? 'fetch';
  if (backend === 'server') {
    return system.usesProviderURLs === false
      ? `the server backend cannot reach system "${system.name}": it calls the real provider hosts (usesProviderURLs: false), and only the in-process backends (msw, nock, mock-agent) intercept those`
      : undefined;
  }
  return INTERCEPTS[backend].includes(http)
    ? undefined
    : `the ${backend} backend cannot reach system "${system.name}": it intercepts ${INTERCEPTS[backend].join(' and ')}, and the system uses ${http}`;
}

/** The providers a scenario configures, as OpenAI-compatible clients are configured with them. */
export function systemProviders(
  config: RouterConfig,
  endpoints: Parameters<SystemFactory>[0]['endpoints'],
  credentials: Parameters<SystemFactory>[0]['credentials'],
): { providers: SystemProviders; order: string[] } {
  const providers: Record<string, SystemProvider> = {};
  const order: string[] = [];
  for (const p of config.providers ?? DEFAULT_PROVIDERS) {
    const name = providerName(p);
    const at = endpoints[name] ?? {};
    order.push(name);
    if (p.type === 'huggingface') {
      providers[name] = {
        baseURL: `${(at.endpointUrl ?? 'https://router.huggingface.co').replace(/\/+$/, '')}/v1`,
        apiKey: credentials.hfToken,
        model: p.model ?? 'openai/gpt-oss-20b',
      };
    } else {
      providers[name] = {
        baseURL: at.baseURL ?? 'https://api.openai.com/v1',
        apiKey: credentials.openaiKey,
        model: p.model ?? (p.type === 'openai' ? 'gpt-4o-mini' : 'default'),
      };
    }
  }
  return { providers: Object.freeze(providers) as SystemProviders, order };
}
type SystemProvider = SystemProviders[string];

function policyOf(config: RouterConfig): SystemPolicy {
  return {
    attemptTimeoutMs: config.attemptTimeoutMs ?? ROUTER_DEFAULTS.attemptTimeoutMs,
    deadlineMs: config.deadlineMs ?? ROUTER_DEFAULTS.deadlineMs,
    maxRetries: config.retry?.maxRetries ?? ROUTER_DEFAULTS.maxRetries,
  };
}

/**
 * The error the runner records: the system's own, with a stable `code` where it carries none (and
 * its HTTP status, class and error body kept, for a black box is judged by those).
 */
function typed(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const e = error as {
    code?: unknown;
    status?: unknown;
    statusCode?: unknown;
    name?: unknown;
    message?: unknown;
  };
  if (typeof e.code === 'string' && e.code) return error;
  const status =
    typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  // Libraries name their errors by class (APIUserAbortError, AI_RetryError) more often than by `name`.
  const className = (error as { constructor?: { name?: unknown } }).constructor?.name;
  const named = [e.name, className].find(
    (n): n is string => typeof n === 'string' && n !== '' && n !== 'Error',
  );
  const code = status !== undefined ? `http-${status}` : (named ?? 'untyped');
  const wrapper = Object.assign(
    new Error(typeof e.message === 'string' ? e.message : String(error), { cause: error }),
    { code, ...(status === undefined ? {} : { status }) },
  );
  return keepErrorFacts(wrapper, errorFacts(error));
}

function merge(into: ObservedRoute, route: SystemRoute): void {
  if (route.provider !== undefined) into.provider = route.provider;
  if (route.attempts !== undefined) into.attempts = route.attempts;
  if (route.failoverMs !== undefined) into.failoverMs = route.failoverMs;
}

/** Drives a `defineSystem` module; each scenario gets its own providers object (and `close` after it). */
export function inProcessSystemFactory(system: SystemDefinition): SystemFactory {
  return ({ config, endpoints, credentials }): SystemUnderTest => {
    const { providers, order } = systemProviders(config, endpoints, credentials);
    const policy = policyOf(config);
    const context = (signal: AbortSignal, route: ObservedRoute): SystemCallContext => ({
      signal,
      providers,
      order,
      policy,
      reportRoute: (r) => merge(route, r),
    });
    return {
      async chat(request: ChatRequest, signal: AbortSignal) {
        const route: ObservedRoute = {};
        try {
          const completion = await system.chat(request, context(signal, route));
          return { completion, route };
        } catch (error) {
          throw typed(error);
        }
      },
      stream(request: ChatRequest, signal: AbortSignal) {
        const route: ObservedRoute = {};
        return {
          route: () => route,
          async *[Symbol.asyncIterator]() {
            try {
              yield* await system.stream(request, context(signal, route));
            } catch (error) {
              throw typed(error);
            }
          },
        };
      },
      async close() {
        await system.close?.();
      },
    };
  };
}

/**
 * Starts a backend for an in-process system. MockAgent reaches global fetch only as undici's global
 * dispatcher: it is installed for the scenario and the previous one put back after it.
 */
export function systemBackend(
  start: (backend: BackendName, seed: number, providers: string[]) => Promise<BackendSession>,
): (backend: BackendName, seed: number, providers: string[]) => Promise<BackendSession> {
  return async (backend, seed, providers) => {
    const session = await start(backend, seed, providers);
    const dispatcher = (session.injector as { dispatcher?: Dispatcher }).dispatcher;
    if (backend !== 'mock-agent' || !dispatcher) return session;
    const previous = getGlobalDispatcher();
    setGlobalDispatcher(dispatcher);
    const injector = session.injector;
    const wrapped = new Proxy(injector, {
      get(target, property) {
        if (property === 'stop')
          return async () => {
            setGlobalDispatcher(previous);
            await target.stop();
          };
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { ...session, injector: wrapped };
  };
}
