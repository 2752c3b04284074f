/**
 * A system under test that starts a fresh gateway per scenario run (pointed at that run's fault
 * server) and drives it as a black box: through the openai SDK, route headers ignored, so every
 * verdict comes from what the caller saw and the fake providers' upstream record.
 */
import type { ProviderEndpoints as FaultEndpoints } from '../../../src/faults/endpoints.ts';
import { startGateway } from '../../../src/gateway/gateway.ts';
import { createRouter } from '../../../src/router/router.ts';
import { undiciTransport } from '../../../src/router/transport/undici-transport.ts';
import type { SystemFactory } from '../../../src/scenario/run-scenario.ts';
import { gatewaySystemFactory } from '../../../src/systems/gateway.ts';
import { buildProviders, routerOptions } from '../../../src/systems/reference.ts';
import type { SystemUnderTest } from '../../../src/systems/system-under-test.ts';
import { type Flaw, startBrokenGateway } from './broken-gateway.ts';

type Started = { url: string; close(): Promise<void> };

function lazySystem(
  start: (input: Parameters<SystemFactory>[0]) => Promise<Started>,
  blackBox = true,
): SystemFactory {
  return (input) => {
    const started = start(input);
    const inner = started.then((g) => gatewaySystemFactory(g.url, { headers: {}, blackBox })(input));
    return {
      async chat(request, signal) {
        return (await inner).chat(request, signal);
      },
      stream(request, signal) {
        let delegate: ReturnType<SystemUnderTest['stream']> | undefined;
        return {
          route: () => delegate?.route() ?? {},
          async *[Symbol.asyncIterator]() {
            delegate = (await inner).stream(request, signal);
            yield* delegate;
          },
        };
      },
      async close() {
        await (await started).close();
      },
    };
  };
}

/** A deliberately broken gateway (see broken-gateway.ts), fresh per scenario run. */
export function brokenGatewaySystem(flaw: Flaw): SystemFactory {
  return lazySystem(({ endpoints }) => startBrokenGateway(endpoints as unknown as FaultEndpoints, flaw));
}

/**
 * brownout's own gateway over the reference router with the scenario's policies, fresh per run;
 * a black box unless `blackBox` is false (then its route headers are read).
 */
export function brownoutGatewaySystem(blackBox = true): SystemFactory {
  return lazySystem(async ({ config, endpoints, credentials, random }) => {
    const transport = undiciTransport();
    const router = createRouter({
      ...routerOptions(config),
      providers: buildProviders(config, endpoints, credentials),
      transport,
      random,
    });
    const gateway = await startGateway({ router, port: 0 });
    return {
      url: gateway.url,
      async close() {
        await gateway.close();
        await router.close();
        await transport.close();
      },
    };
  }, blackBox);
}
