import type { Command } from 'commander';
import { isFaultValidationError, isUnsupportedFaultError } from '../../faults/errors.ts';
import { type Fault, parseFaults } from '../../faults/model.ts';
import { compilePhases } from '../../faults/phases.ts';
import { FaultServer } from '../../faults/server/fault-server.ts';
import { PROVIDER_NAME_PATTERN } from '../../scenario/schema.ts';
import { readDataFile } from '../read-data-file.ts';
import { untilSignal } from '../until-signal.ts';
import { listenFailure, parseIntOption, parsePortOption, parseSeedOption, UsageError } from '../usage.ts';

interface FaultServerCliOptions {
  port: number;
  host: string;
  faults?: string;
  seed: number;
  latencyMs: number;
  provider?: string[];
}

/** Reads a faults file (JSON or YAML): a list of faults, `{ faults: [...] }` or `{ phases: [...] }`. */
async function loadFaults(file: string): Promise<Fault[]> {
  const doc = await readDataFile(file, '--faults');
  if (Array.isArray(doc)) return parseFaults(doc, `${file}: faults`);
  const object = (doc ?? {}) as { faults?: unknown; phases?: unknown };
  if (object.phases !== undefined) return compilePhases(object.phases, `${file}: phases`);
  if (object.faults !== undefined) return parseFaults(object.faults, `${file}: faults`);
  throw new UsageError(
    `--faults: ${file} must hold a list of faults, or an object with "faults" or "phases"`,
  );
}

async function serve(options: FaultServerCliOptions): Promise<number> {
  let faults: Fault[] = [];
  try {
    const badName = (options.provider ?? []).find((name) => !PROVIDER_NAME_PATTERN.test(name));
    if (badName !== undefined) {
      throw new UsageError(
        `--provider "${badName}" is no provider name: letters, digits, ".", "_" and "-", starting with a letter or digit`,
      );
    }
    if (options.faults) faults = await loadFaults(options.faults);
  } catch (error) {
    if (!(error instanceof UsageError || isFaultValidationError(error))) throw error;
    process.stderr.write(`brownout fault-server: ${error.message}\n`);
    return 2;
  }
  const server = new FaultServer({
    port: options.port,
    host: options.host,
    seed: options.seed,
    latencyMs: options.latencyMs,
    providers: options.provider ?? [],
  });
  try {
    server.setFaults(faults);
    await server.start();
  } catch (error) {
    if (isUnsupportedFaultError(error)) {
      process.stderr.write(`brownout fault-server: ${error.message}\n`);
      return 2;
    }
    const failure = listenFailure(error, options.host, options.port);
    if (!failure) throw error;
    process.stderr.write(`brownout fault-server: ${failure.message}\n`);
    return failure.exitCode;
  }
  const { endpoints, url } = server;
  // The configuration lines go to stdout, one per provider, so scripts can read them.
  const lines = [
    `openai baseURL ${endpoints.openai.baseURL}`,
    `huggingface endpointUrl ${endpoints.huggingface.endpointUrl} hubUrl ${endpoints.huggingface.hubUrl}`,
    ...Object.entries(endpoints)
      .filter(([name]) => name !== 'openai' && name !== 'huggingface')
      .map(([name, at]) => `${name} baseURL ${'baseURL' in at ? at.baseURL : ''}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stderr.write(
    `brownout fault server on ${url} (seed ${options.seed}, ${faults.length} fault(s)); ` +
      `control: ${url}/__brownout/faults, ${url}/__brownout/stats, POST ${url}/__brownout/reset. Ctrl+C stops it.\n`,
  );
  return untilSignal(() => server.stop());
}

/** `brownout fault-server`: fake OpenAI and Hugging Face APIs on loopback, faults switched over HTTP. */
export function registerFaultServer(program: Command): void {
  program
    .command('fault-server')
    .description(
      'Serve fake OpenAI and Hugging Face APIs on real sockets, with faults switched by a control API.',
    )
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePortOption('--port'), 8787)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--faults <file>', 'faults to start with: JSON or YAML, a list or { faults } or { phases }')
    .option('--seed <n>', 'seed for fault probabilities and latency samples', parseSeedOption('--seed'), 1)
    .option('--latency-ms <n>', 'latency added before every answer', parseIntOption('--latency-ms'), 0)
    .option(
      '--provider <name...>',
      'extra OpenAI-compatible provider names to list (any /<name>/v1 path works)',
    )
    .action(async (options: FaultServerCliOptions) => {
      process.exitCode = await serve(options);
    });
}
