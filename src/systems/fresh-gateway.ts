/**
 * `brownout run --target-cmd`: a fresh gateway per scenario, so no breaker, cooldown or cache of
 * one scenario leaks into the next. The runner starts the fault server for a scenario; the gateway
 * is then started with its upstream pointed at it, waited on, driven, and stopped with the fault
 * server at the end of the scenario.
 */
import { resolve } from 'node:path';
import { BrownoutTypeError } from '../errors.ts';
import type { BackendName } from '../faults/support.ts';
import type { BackendSession } from './backend-session.ts';
import { gatewaySystemFactory, targetHeadersFromEnv } from './gateway.ts';
import { fillHeaderPlaceholders } from './gateway-headers.ts';
import { healthyChatRequest } from './gateway-health.ts';
import { freePort, type GatewayProcess, startGatewayProcess } from './gateway-process.ts';
import type { SystemFactory, SystemUnderTest } from './system-under-test.ts';

export interface FreshGatewayOptions {
  /** The shell command; see `gatewayPlaceholders` for what it may use. */
  command: string;
  /** Starts the fault server (the `server` backend) for a scenario. */
  startBackend: (backend: BackendName, seed: number, providers: string[]) => Promise<BackendSession>;
  readyTimeoutMs?: number;
  graceMs?: number;
  /** Headers for every request to the gateway (default: `BROWNOUT_TARGET_HEADERS`); their values may use the placeholders too. */
  headers?: Record<string, string>;
  /** Ignore the gateway's route headers: judge it from the client's view and the upstream record. */
  blackBox?: boolean;
}

/** The placeholders a `--target-cmd` may use (each also exported to it as `BROWNOUT_<NAME>`). */
export function gatewayPlaceholders(
  upstream: string,
  scenarioFile: string | undefined,
  cwd = process.cwd(),
): Record<string, string> {
  return {
    upstream,
    openai_base_url: `${upstream}/openai/v1`,
    hf_base_url: `${upstream}/hf/v1`,
    ...(scenarioFile ? { scenario: resolve(cwd, scenarioFile) } : {}),
  };
}

export interface FreshGateway {
  startBackend: FreshGatewayOptions['startBackend'];
  system: SystemFactory;
  /** Tells which scenario runs next (its file fills `{scenario}`). */
  forScenario(source: string): void;
}

/** The backend starter and system factory that `runSuite` takes, sharing the gateway of the current scenario. */
export function freshGatewayPerScenario(options: FreshGatewayOptions): FreshGateway {
  let current: GatewayProcess | undefined;
  /** The headers of the current scenario's gateway, placeholders filled in. */
  let headers: Record<string, string> = {};
  let scenarioFile: string | undefined;
  return {
    forScenario(source) {
      scenarioFile = source;
    },
    async startBackend(backend, seed, providers) {
      const session = await options.startBackend(backend, seed, providers);
      const base = session.injector.endpoints.openai?.baseURL;
      if (!base)
        throw new BrownoutTypeError(
          'BROWNOUT_TARGET_CMD',
          `--target-cmd needs the server backend, got ${backend}`,
        );
      const upstream = new URL(base).origin;
      try {
        // The port is chosen here, not by startGatewayProcess, so that header values can name it too.
        const port = await freePort();
        const values = gatewayPlaceholders(upstream, scenarioFile);
        headers = fillHeaderPlaceholders(options.headers ?? targetHeadersFromEnv(), {
          ...values,
          port: String(port),
        });
        current = await startGatewayProcess({
          command: options.command,
          values,
          port,
          ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
          ...(options.graceMs === undefined ? {} : { graceMs: options.graceMs }),
          isReady: healthyChatRequest({ headers }),
        });
      } catch (error) {
        await session.injector.stop().catch(() => {});
        await session.transport.close().catch(() => {});
        throw error;
      }
      const gateway = current;
      const faultServer = session.injector;
      const stop = async () => {
        await gateway.stop();
        if (current === gateway) current = undefined;
        await faultServer.stop();
      };
      // The runner stops the backend when the scenario ends: the gateway goes first, then its upstream.
      const injector = new Proxy(faultServer, {
        get(target, property) {
          if (property === 'stop') return stop;
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      return { ...session, injector };
    },
    system(input): SystemUnderTest {
      if (!current)
        throw new BrownoutTypeError(
          'BROWNOUT_TARGET_CMD',
          '--target-cmd: no gateway is running for this scenario',
        );
      return gatewaySystemFactory(current.url, {
        headers,
        ...(options.blackBox ? { blackBox: true } : {}),
      })(input);
    },
  };
}
