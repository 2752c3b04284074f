import { BrownoutTypeError } from '../errors.ts';
import type { RouterOptions } from '../router/options.ts';
import { huggingface } from '../router/providers/huggingface.ts';
import { openai } from '../router/providers/openai.ts';
import { openaiCompatible } from '../router/providers/openai-compatible.ts';
import type { Provider } from '../router/providers/provider.ts';
import { createRouter } from '../router/router.ts';
import type { Transport } from '../router/transport/transport.ts';
import type { RouterConfig } from './router-config.ts';
import type { Credentials, ProviderUrls, SystemUnderTest } from './system-under-test.ts';

export type { Credentials, ProviderUrls } from './system-under-test.ts';

export const DEFAULT_PROVIDERS: NonNullable<RouterConfig['providers']> = [
  { type: 'openai', model: 'gpt-4o-mini' },
  { type: 'huggingface', model: 'openai/gpt-oss-20b' },
];

export function providerName(p: NonNullable<RouterConfig['providers']>[number]): string {
  return p.name ?? p.type;
}

/** Builds the providers a scenario configures, pointed at the backend's endpoints. */
export function buildProviders(
  config: RouterConfig,
  endpoints: ProviderUrls,
  credentials: Credentials,
): Provider[] {
  return (config.providers ?? DEFAULT_PROVIDERS).map((p) => {
    const name = providerName(p);
    const at = endpoints[name] ?? {};
    if (p.type === 'openai') {
      return openai({
        name,
        apiKey: credentials.openaiKey,
        model: p.model ?? 'gpt-4o-mini',
        ...(at.baseURL ? { baseURL: at.baseURL } : {}),
      });
    }
    if (p.type === 'huggingface') {
      return huggingface({
        name,
        accessToken: credentials.hfToken,
        model: p.model ?? 'openai/gpt-oss-20b',
        ...(at.endpointUrl ? { endpointUrl: at.endpointUrl } : {}),
        ...(at.hubUrl ? { hubUrl: at.hubUrl } : {}),
        ...(p.repoCheck === false ? { repoCheck: false as const } : {}),
      });
    }
    if (!at.baseURL)
      throw new BrownoutTypeError(
        'BROWNOUT_PROVIDER_ENDPOINT',
        `provider "${name}": the backend has no endpoint for it`,
      );
    return openaiCompatible({
      name,
      baseURL: at.baseURL,
      apiKey: credentials.openaiKey,
      model: p.model ?? 'default',
    });
  });
}

/** The router options a scenario's `router` block describes (providers aside). */
export function routerOptions(config: RouterConfig): Omit<RouterOptions, 'providers'> {
  const { providers: _providers, ...policies } = config;
  return policies as Omit<RouterOptions, 'providers'>;
}

export interface ReferenceSutOptions {
  config: RouterConfig;
  endpoints: ProviderUrls;
  credentials: Credentials;
  transport: Transport;
  random: () => number;
}

/** The reference failover router as a system under test. */
export function referenceSystem(options: ReferenceSutOptions): SystemUnderTest {
  const router = createRouter({
    ...routerOptions(options.config),
    providers: buildProviders(options.config, options.endpoints, options.credentials),
    transport: options.transport,
    random: options.random,
  });
  return {
    async chat(request, signal) {
      const { completion, route } = await router.chat(request, { signal });
      return {
        completion,
        route: {
          provider: route.provider,
          attempts: route.attempts,
          skipped: route.skipped.map((s) => s.provider),
          failoverMs: route.failoverMs,
        },
      };
    },
    stream(request, signal) {
      const stream = router.stream(request, { signal });
      return {
        [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
        route() {
          const route = stream.route;
          return {
            attempts: stream.attempts,
            ...(route
              ? {
                  provider: route.provider,
                  failoverMs: route.failoverMs,
                  skipped: route.skipped.map((s) => s.provider),
                }
              : {}),
          };
        },
      };
    },
    async probe(provider) {
      const result = await router.probe(provider);
      return {
        ok: result.ok,
        ms: result.ms,
        ...(result.error ? { error: { code: result.error.code, message: result.error.message } } : {}),
      };
    },
    onBreaker(listener) {
      router.subscribe((event) => {
        if (event.type === 'breaker') listener(event);
      });
    },
    async close() {
      await router.close();
    },
  };
}
