import OpenAI from 'openai';
import { afterAll, beforeAll } from 'vitest';
import { serverEndpoints } from '../../../src/faults/endpoints.ts';
import { type FaultServer, startFaultServer } from '../../../src/faults/server/fault-server.ts';
import { type Gateway, startGateway } from '../../../src/gateway/gateway.ts';
import type { RouterOptions } from '../../../src/router/options.ts';
import { huggingface } from '../../../src/router/providers/huggingface.ts';
import { openai } from '../../../src/router/providers/openai.ts';
import { createRouter, type Router } from '../../../src/router/router.ts';

/** A fault server, the reference router pointed at it, and the gateway over that router: all loopback. */
export interface GatewayHarness {
  faults: FaultServer;
  router: Router;
  gateway: Gateway;
  /** The official SDK against the gateway, with no retries of its own. */
  client: OpenAI;
  close(): Promise<void>;
}

export async function startHarness(policies: Omit<RouterOptions, 'providers'> = {}): Promise<GatewayHarness> {
  const faults = await startFaultServer({ port: 0, seed: 1 });
  const at = serverEndpoints(faults.url);
  const router = createRouter({
    attemptTimeoutMs: 2_000,
    deadlineMs: 5_000,
    retry: { maxRetries: 0 },
    breaker: false,
    ...policies,
    providers: [
      openai({ apiKey: 'sk-brownout-gateway-test', model: 'gpt-4o-mini', baseURL: at.openai.baseURL }),
      huggingface({
        accessToken: 'hf_brownoutGatewayTest',
        model: 'openai/gpt-oss-20b',
        endpointUrl: at.huggingface.endpointUrl,
        hubUrl: at.huggingface.hubUrl,
      }),
    ],
  });
  const gateway = await startGateway({ router, port: 0 });
  const client = new OpenAI({
    baseURL: `${gateway.url}/v1`,
    apiKey: 'sk-unused',
    maxRetries: 0,
    timeout: 10_000,
  });
  return {
    faults,
    router,
    gateway,
    client,
    async close() {
      await gateway.close();
      await router.close();
      await faults.stop();
    },
  };
}

/** The attempts a gateway reported in its `x-brownout-route` header. */
export function routeAttempts(
  headers: Headers,
): Array<{ provider: string; outcome: string; status?: number }> {
  const raw = headers.get('x-brownout-route');
  if (!raw) throw new Error('no x-brownout-route header');
  return (JSON.parse(raw) as { attempts: Array<{ provider: string; outcome: string; status?: number }> })
    .attempts;
}

/** Polls until `predicate` holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(predicate: () => boolean, timeoutMs = 3_000): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return predicate();
}

/**
 * A harness for one `describe`: started before its tests, closed after them. The object it
 * returns reads the running harness, so tests use it as they would the harness itself.
 */
export function useHarness(policies: Omit<RouterOptions, 'providers'> = {}): Omit<GatewayHarness, 'close'> {
  let harness: GatewayHarness | undefined;
  beforeAll(async () => {
    harness = await startHarness(policies);
  });
  afterAll(async () => {
    await harness?.close();
  });
  const running = (): GatewayHarness => {
    if (!harness) throw new Error('the gateway harness is not started: use it inside a test');
    return harness;
  };
  return {
    get faults() {
      return running().faults;
    },
    get router() {
      return running().router;
    },
    get gateway() {
      return running().gateway;
    },
    get client() {
      return running().client;
    },
  };
}

/** What a promise rejected with (undefined if it resolved): for asserting on an error's class and fields. */
export function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** The SDK's error for a chat request that fails, as an APIError for its fields. */
export function chatFailure(
  h: Pick<GatewayHarness, 'client'>,
  stream = false,
): Promise<InstanceType<typeof OpenAI.APIError>> {
  return rejection(
    h.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hello.' }],
      stream,
    }),
  ) as Promise<InstanceType<typeof OpenAI.APIError>>;
}
