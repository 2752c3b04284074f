import { ProviderError } from '../router/errors.ts';
import { huggingface } from '../router/providers/huggingface.ts';
import { openai } from '../router/providers/openai.ts';
import { openaiCompatible } from '../router/providers/openai-compatible.ts';
import type { Provider } from '../router/providers/provider.ts';
import type { MonitorConfig } from './config.ts';
import type { ProviderInput } from './config-schema.ts';

/**
 * What the monitor probes. Each provider on its own; the router chain as users reach it; and the
 * forced failover: the primary made to fail inside a router, so the fallback is served through
 * the router's own failover logic, as it would be during an outage.
 */
export type PathKind = 'provider' | 'chain' | 'failover';

export interface ProbePath {
  /** Stable id: the provider name, `router` or `failover`. Used in metrics, alerts and dedup keys. */
  id: string;
  kind: PathKind;
  /** The provider expected to serve (the primary for the chain, the first fallback for a failover). */
  provider: string;
  model: string;
  /** The providers this path sends to, in order. */
  providers: Provider[];
  /** Hugging Face hub checks to run beside the completion. */
  hub?: HubTarget;
}

export interface HubTarget {
  provider: string;
  model: string;
  hubUrl: string;
  accessToken?: string;
  inferenceProvider?: string;
  checkMapping: boolean;
}

export const ROUTER_PATH = 'router';
export const FAILOVER_PATH = 'failover';

/** The environment's value for a named variable (validated as set when the config was loaded). */
function fromEnv(env: NodeJS.ProcessEnv, name: string | undefined): string | undefined {
  return name === undefined ? undefined : env[name];
}

export function providerName(p: ProviderInput): string {
  return p.name ?? p.type;
}

/** A router provider for one configured entry. The hub repo check is fresh on every probe (no cache). */
export function buildProvider(p: ProviderInput, env: NodeJS.ProcessEnv): Provider {
  if (p.type === 'openai') {
    const apiKey = fromEnv(env, p.apiKeyEnv) ?? '';
    return openai({
      apiKey,
      model: p.model,
      ...(p.baseURL ? { baseURL: p.baseURL } : {}),
      ...(p.name ? { name: p.name } : {}),
    });
  }
  if (p.type === 'huggingface') {
    const accessToken = fromEnv(env, p.accessTokenEnv);
    return huggingface({
      model: p.model,
      name: providerName(p),
      repoCheck: { ttlMs: 0, missingTtlMs: 0 },
      ...(accessToken ? { accessToken } : {}),
      ...(p.endpointUrl ? { endpointUrl: p.endpointUrl } : {}),
      ...(p.hubUrl ? { hubUrl: p.hubUrl } : {}),
      // A dedicated endpoint serves the model itself; the inference provider is for HF's router.
      ...(p.inferenceProvider && !p.endpointUrl ? { provider: p.inferenceProvider } : {}),
    });
  }
  const apiKey = fromEnv(env, p.apiKeyEnv);
  return openaiCompatible({
    name: p.name,
    baseURL: p.baseURL,
    model: p.model,
    ...(apiKey ? { apiKey } : {}),
  });
}

function hubTarget(p: ProviderInput, env: NodeJS.ProcessEnv): HubTarget | undefined {
  if (p.type !== 'huggingface') return undefined;
  const accessToken = fromEnv(env, p.accessTokenEnv);
  return {
    provider: providerName(p),
    model: p.model,
    hubUrl: (p.hubUrl ?? 'https://huggingface.co').replace(/\/+$/, ''),
    ...(accessToken ? { accessToken } : {}),
    ...(p.inferenceProvider ? { inferenceProvider: p.inferenceProvider } : {}),
    checkMapping: p.checkProviderMapping ?? true,
  };
}

/** A provider that always fails as unavailable: the primary during a forced failover. */
export function forcedDown(provider: Provider): Provider {
  const fail = () =>
    new ProviderError('unavailable', `${provider.name}: failed on purpose (forced failover probe)`, {
      provider: provider.name,
      detail: 'forced',
    });
  return {
    name: provider.name,
    model: provider.model,
    complete: async () => {
      throw fail();
    },
    // biome-ignore lint/correctness/useYield: it fails before its first chunk, by design.
    async *stream() {
      throw fail();
    },
    probe: async () => {
      throw fail();
    },
  };
}

/** Every path a config asks for, in a stable order. */
export function buildPaths(config: MonitorConfig, env: NodeJS.ProcessEnv = process.env): ProbePath[] {
  const entries = config.providers;
  const paths: ProbePath[] = entries.map((p) => {
    const hub = hubTarget(p, env);
    return {
      id: providerName(p),
      kind: 'provider',
      provider: providerName(p),
      model: p.model,
      providers: [buildProvider(p, env)],
      ...(hub ? { hub } : {}),
    };
  });
  const [primary, fallback] = entries;
  if (config.router.chain && primary) {
    paths.push({
      id: ROUTER_PATH,
      kind: 'chain',
      provider: providerName(primary),
      model: primary.model,
      providers: entries.map((p) => buildProvider(p, env)),
    });
  }
  if (config.router.forcedFailover && primary && fallback) {
    const [first, ...rest] = entries.map((p) => buildProvider(p, env));
    paths.push({
      id: FAILOVER_PATH,
      kind: 'failover',
      provider: providerName(fallback),
      model: fallback.model,
      providers: [forcedDown(first as Provider), ...rest],
    });
  }
  return paths;
}
