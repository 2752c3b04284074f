/**
 * Where each provider lives for a backend, as the router is configured with it. In-process
 * backends intercept the real hosts; other provider names get a reserved `.test` host. The fault
 * server serves everything under one origin, one path prefix per provider.
 */

export interface OpenAIEndpoint {
  baseURL: string;
}
export interface HuggingFaceEndpoint {
  endpointUrl: string;
  hubUrl: string;
}
/** Base URLs per provider name: `openai`, `huggingface`, and any other (OpenAI-compatible) name. */
export interface ProviderEndpoints {
  openai: OpenAIEndpoint;
  huggingface: HuggingFaceEndpoint;
  [name: string]: OpenAIEndpoint | HuggingFaceEndpoint;
}

/** One origin an in-process backend intercepts, and the provider it belongs to. */
export interface Mount {
  provider: string;
  origin: string;
}

export const OPENAI_ORIGIN = 'https://api.openai.com';
export const HF_ROUTER_ORIGIN = 'https://router.huggingface.co';
export const HF_HUB_ORIGIN = 'https://huggingface.co';

/** The reserved host (RFC 2606 `.test`) an extra provider gets in-process. */
export function testOrigin(name: string): string {
  return `https://${name.toLowerCase()}.brownout.test`;
}

function extraNames(providers: readonly string[] = []): string[] {
  return [...new Set(providers)].filter((name) => name !== 'openai' && name !== 'huggingface');
}

/** The origins an in-process backend intercepts: the real provider hosts plus one per extra name. */
export function hostedMounts(providers?: readonly string[]): Mount[] {
  return [
    { provider: 'openai', origin: OPENAI_ORIGIN },
    { provider: 'huggingface', origin: HF_ROUTER_ORIGIN },
    { provider: 'huggingface', origin: HF_HUB_ORIGIN },
    ...extraNames(providers).map((name) => ({ provider: name, origin: testOrigin(name) })),
  ];
}

/** The endpoints of an in-process backend (the real hosts). */
export function hostedEndpoints(providers?: readonly string[]): ProviderEndpoints {
  const endpoints: ProviderEndpoints = {
    openai: { baseURL: `${OPENAI_ORIGIN}/v1` },
    huggingface: { endpointUrl: HF_ROUTER_ORIGIN, hubUrl: HF_HUB_ORIGIN },
  };
  for (const name of extraNames(providers)) endpoints[name] = { baseURL: `${testOrigin(name)}/v1` };
  return endpoints;
}

/** The endpoints of a fault server at `origin`: `/openai/v1`, `/hf`, `/<name>/v1`. */
export function serverEndpoints(origin: string, providers?: readonly string[]): ProviderEndpoints {
  const endpoints: ProviderEndpoints = {
    openai: { baseURL: `${origin}/openai/v1` },
    huggingface: { endpointUrl: `${origin}/hf`, hubUrl: `${origin}/hf` },
  };
  for (const name of extraNames(providers)) endpoints[name] = { baseURL: `${origin}/${name}/v1` };
  return endpoints;
}

/** The provider a URL belongs to among `mounts`, and its path below the mount. */
export function resolveMount(
  mounts: readonly Mount[],
  url: URL,
): { provider: string; path: string } | undefined {
  const mount = mounts.find((m) => m.origin === url.origin);
  return mount ? { provider: mount.provider, path: url.pathname } : undefined;
}
