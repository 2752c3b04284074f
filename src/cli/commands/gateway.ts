import type { Command } from 'commander';
import { serverEndpoints } from '../../faults/endpoints.ts';
import { type Gateway, startGateway } from '../../gateway/gateway.ts';
import { type UpstreamKeys, upstreamKeys } from '../../gateway/upstream-keys.ts';
import { createRouter, type Router } from '../../router/router.ts';
import { isScenarioFileError } from '../../scenario/errors.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { type RouterConfig, routerConfigSchema } from '../../scenario/schema.ts';
import type { Scenario } from '../../scenario/validate.ts';
import { buildProviders, type ProviderUrls, providerName, routerOptions } from '../../systems/reference.ts';
import { readDataFile } from '../read-data-file.ts';
import { untilSignal } from '../until-signal.ts';
import { listenFailure, parsePortOption, UsageError } from '../usage.ts';

interface GatewayCommandOptions {
  port: number;
  host: string;
  config?: string;
  scenario?: string;
  upstream?: string;
  forwardKeys?: boolean;
}

/** The `router` block of one scenario file: the gateway then runs that scenario's policies. */
async function scenarioRouter(file: string): Promise<RouterConfig> {
  let scenarios: Scenario[];
  try {
    scenarios = await loadScenarioFile(file);
  } catch (error) {
    if (isScenarioFileError(error))
      throw new UsageError(`--scenario: invalid scenario file ${error.message}`);
    throw error;
  }
  const [scenario] = scenarios;
  if (!scenario || scenarios.length > 1) {
    throw new UsageError(`--scenario: ${file} holds ${scenarios.length} scenarios; give a file with one`);
  }
  return scenario.router;
}

async function readConfig(options: GatewayCommandOptions): Promise<RouterConfig> {
  if (options.config !== undefined && options.scenario !== undefined) {
    throw new UsageError('--config and --scenario both set the router policies; give one of them');
  }
  if (options.scenario !== undefined) return scenarioRouter(options.scenario);
  const file = options.config;
  if (!file) return routerConfigSchema.parse({});
  const parsed = routerConfigSchema.safeParse((await readDataFile(file, '--config')) ?? {});
  if (!parsed.success) {
    throw new UsageError(
      `--config: ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** The fault server origin `--upstream` names (an http URL; any path is dropped). */
function parseUpstream(upstream: string): string {
  let url: URL;
  try {
    url = new URL(upstream);
  } catch {
    throw new UsageError(`--upstream must be an http URL such as http://127.0.0.1:8787, got "${upstream}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--upstream must be an http URL such as http://127.0.0.1:8787, got "${upstream}"`);
  }
  return url.origin;
}

/** Where providers live: a fault server (`--upstream`), or the real APIs with keys from the environment. */
function endpointsFor(upstream: string | undefined, config: RouterConfig): ProviderUrls {
  const names = (config.providers ?? []).map(providerName);
  if (upstream) return serverEndpoints(parseUpstream(upstream), names) as ProviderUrls;
  const extra = (config.providers ?? []).filter((p) => p.type === 'openai-compatible').map(providerName);
  if (extra.length > 0) {
    throw new UsageError(
      `--config: openai-compatible provider(s) ${extra.join(', ')} have no base URL outside a fault server; use --upstream`,
    );
  }
  const env = process.env;
  return {
    openai: env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {},
    huggingface: {
      ...(env.HF_ENDPOINT_URL ? { endpointUrl: env.HF_ENDPOINT_URL } : {}),
      ...(env.HF_HUB_URL ? { hubUrl: env.HF_HUB_URL } : {}),
    },
  };
}

function buildRouter(config: RouterConfig, upstream: string | undefined, keys: UpstreamKeys): Router {
  // Keys come from the environment only (never from flags, files or logs), and reach an
  // --upstream only when the user said so.
  const providers = buildProviders(config, endpointsFor(upstream, config), {
    openaiKey: keys.openaiKey,
    hfToken: keys.hfToken,
  });
  try {
    return createRouter({ ...routerOptions(config), providers });
  } catch (error) {
    // createRouter names the field and the range it wants.
    if (error instanceof RangeError || error instanceof TypeError)
      throw new UsageError(`--config: ${error.message}`);
    throw error;
  }
}

/** Runs the gateway until SIGINT or SIGTERM; resolves with the exit status. */
async function serve(options: GatewayCommandOptions): Promise<number> {
  let router: Router;
  const keys = upstreamKeys({
    upstream: options.upstream,
    forwardKeys: options.forwardKeys === true,
    env: process.env,
  });
  try {
    if (options.forwardKeys && options.upstream === undefined) {
      throw new UsageError(
        '--forward-keys only applies with --upstream (the real APIs always get the real keys)',
      );
    }
    router = buildRouter(await readConfig(options), options.upstream, keys);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`brownout gateway: ${error.message}\n`);
    return 2;
  }
  let gateway: Gateway;
  try {
    gateway = await startGateway({ router, port: options.port, host: options.host });
  } catch (error) {
    await router.close();
    const failure = listenFailure(error, options.host, options.port);
    if (!failure) throw error;
    process.stderr.write(`brownout gateway: ${failure.message}\n`);
    return failure.exitCode;
  }
  // Scripts read this line for the URL (with --port 0 it names the port picked).
  process.stdout.write(
    `brownout gateway listening on ${gateway.url}/v1 (providers: ${router.providers.join(', ')}` +
      `${options.upstream ? `; upstream ${parseUpstream(options.upstream)}` : ''}; ${keys.description})\n`,
  );
  return untilSignal(() => gateway.close().then(() => router.close()));
}

/** `brownout gateway`: the reference router as an OpenAI-compatible HTTP gateway. */
export function registerGateway(program: Command): void {
  program
    .command('gateway')
    .description(
      'Serve the reference failover router as an OpenAI-compatible gateway (POST /v1/chat/completions).',
    )
    .option('--port <n>', 'port to listen on (0: any free port)', parsePortOption('--port'), 8080)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--config <file>', "router policies and providers, as a scenario's `router` block (JSON or YAML)")
    .option(
      '--scenario <file>',
      "run the policies of this scenario file's `router` block (to test it with `brownout run --target`)",
    )
    .option(
      '--upstream <url>',
      'send provider traffic to a brownout fault server at this origin (e.g. http://127.0.0.1:8787)',
    )
    .option(
      '--forward-keys',
      'with --upstream: send OPENAI_API_KEY and HF_TOKEN to it (default: placeholder keys, since whoever listens there reads them)',
    )
    .action(async (options: GatewayCommandOptions) => {
      process.exitCode = await serve(options);
    });
}
