/**
 * What k6 loads: brownout's own gateway (the reference router, in-process, its providers pointed
 * at the fault server) or an endpoint the user runs (`--target URL`). A target started from a
 * command (`--target-cmd`) plugs in here as one more `LoadTarget`.
 */
import { serverEndpoints } from '../faults/endpoints.ts';
import { startGateway } from '../gateway/gateway.ts';
import { createRouter } from '../router/router.ts';
import { type RouterConfig, routerConfigSchema } from '../scenario/schema.ts';
import { buildProviders, providerName, routerOptions } from '../systems/reference.ts';

export interface LoadTarget {
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:41234/v1. */
  baseURL: string;
  kind: 'brownout' | 'external';
  close(): Promise<void>;
}

/**
 * The reference router as an HTTP gateway on a free loopback port, its providers at the fault
 * server. The keys are fake: the fault server needs none, and real ones must never travel there.
 *
 * @example const target = await startBrownoutGateway(undefined, faultServer.url);
 */
export async function startBrownoutGateway(
  config: RouterConfig | undefined,
  upstream: string,
): Promise<LoadTarget> {
  const routerConfig = config ?? routerConfigSchema.parse({});
  const names = (routerConfig.providers ?? []).map(providerName);
  const providers = buildProviders(routerConfig, serverEndpoints(upstream, names), {
    openaiKey: 'sk-brownout-load',
    hfToken: 'hf_brownoutload',
  });
  const router = createRouter({ ...routerOptions(routerConfig), providers });
  try {
    const gateway = await startGateway({ router, port: 0 });
    return {
      baseURL: `${gateway.url}/v1`,
      kind: 'brownout',
      async close() {
        await gateway.close();
        await router.close();
      },
    };
  } catch (error) {
    await router.close();
    throw error;
  }
}

/** An endpoint someone else runs: nothing to start or stop. */
export function externalTarget(url: string): LoadTarget {
  return { baseURL: url.replace(/\/+$/, ''), kind: 'external', close: async () => {} };
}
