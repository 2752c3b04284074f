import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { serverEndpoints } from '../../faults/endpoints.ts';
import { startGateway } from '../../gateway/gateway.ts';
import { createRouter } from '../../router/router.ts';
import { buildProviders, type ProviderEndpoints, routerOptions } from '../../scenario/reference-sut.ts';
import { type RouterConfig, routerConfigSchema } from '../../scenario/schema.ts';
import { parseIntOption, UsageError } from '../usage.ts';

interface GatewayCommandOptions {
  port: number;
  host: string;
  config?: string;
  upstream?: string;
}

async function readConfig(file: string | undefined): Promise<RouterConfig> {
  if (!file) return routerConfigSchema.parse({});
  const text = await readFile(file, 'utf8');
  const raw = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  const parsed = routerConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** Where providers live: a fault server (`--upstream`), or the real APIs with keys from the environment. */
function endpointsFor(upstream: string | undefined): ProviderEndpoints {
  if (upstream) return serverEndpoints(upstream.replace(/\/+$/, '')) as ProviderEndpoints;
  const env = process.env;
  return {
    openai: env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {},
    huggingface: {
      ...(env.HF_ENDPOINT_URL ? { endpointUrl: env.HF_ENDPOINT_URL } : {}),
      ...(env.HF_HUB_URL ? { hubUrl: env.HF_HUB_URL } : {}),
    },
  };
}

/** `brownout gateway`: the reference router as an OpenAI-compatible HTTP gateway. */
export function registerGateway(program: Command): void {
  program
    .command('gateway')
    .description(
      'Serve the reference failover router as an OpenAI-compatible gateway (POST /v1/chat/completions).',
    )
    .option('--port <n>', 'port to listen on (0: any free port)', parseIntOption('--port'), 8080)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--config <file>', "router policies and providers, as a scenario's `router` block (JSON or YAML)")
    .option(
      '--upstream <url>',
      'send provider traffic to a brownout fault server at this origin (e.g. http://127.0.0.1:8787)',
    )
    .action(async (options: GatewayCommandOptions) => {
      const config = await readConfig(options.config);
      const router = createRouter({
        ...routerOptions(config),
        providers: buildProviders(config, endpointsFor(options.upstream), {
          // Keys come from the environment only; never from flags, files or logs.
          openaiKey: process.env.OPENAI_API_KEY ?? 'sk-brownout-no-key',
          hfToken: process.env.HF_TOKEN ?? '',
        }),
      });
      const gateway = await startGateway({ router, port: options.port, host: options.host });
      process.stdout.write(
        `brownout gateway listening on ${gateway.url}/v1 (providers: ${router.providers.join(', ')})\n`,
      );
      const stop = async () => {
        await gateway.close();
        await router.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
