import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { isMonitorConfigError } from '../../monitor/errors.ts';
import type { CycleResult, Monitor } from '../../monitor/monitor.ts';
import { untilSignal } from '../until-signal.ts';
import { parseIntOption, UsageError } from '../usage.ts';

interface MonitorCliOptions {
  config?: string;
  once?: boolean;
  json?: boolean;
  port?: number;
  host?: string;
}

/** Looked for in the current folder when `--config` is not given. */
const DEFAULT_CONFIG_FILES = [
  'brownout.monitor.ts',
  'brownout.monitor.mts',
  'brownout.monitor.js',
  'brownout.monitor.yaml',
  'brownout.monitor.yml',
  'brownout.monitor.json',
];

function findConfig(given: string | undefined): string {
  if (given) return given;
  const found = DEFAULT_CONFIG_FILES.find((f) => existsSync(f));
  if (!found)
    throw new UsageError(
      `--config: no monitor file given and none of ${DEFAULT_CONFIG_FILES.join(', ')} here`,
    );
  return found;
}

/** What `--once --json` prints: each path's verdict and state, and the alerts sent. */
function cycleJson(monitor: Monitor, cycle: CycleResult): string {
  return JSON.stringify(
    {
      monitor: monitor.config.name,
      at: new Date(cycle.at).toISOString(),
      exitCode: cycle.exitCode,
      paths: cycle.paths.map((p) => ({
        path: p.id,
        provider: p.provider,
        model: p.model,
        state: p.status.state,
        verdict: p.result.verdict,
        class: p.result.class ?? null,
        detail: p.result.detail ?? null,
        message: p.result.message === undefined ? null : monitor.redactor(p.result.message),
        durationMs: Math.round(p.result.durationMs),
        ttftMs: p.result.ttftMs === undefined ? null : Math.round(p.result.ttftMs),
        servedBy: p.result.servedBy ?? null,
        maintenance: p.maintenance,
      })),
      alerts: cycle.alerts.map((a) => ({
        channel: a.channel,
        kind: a.event.kind,
        path: a.event.path,
        class: a.event.class ?? null,
        delivered: a.delivery.ok,
      })),
    },
    null,
    2,
  );
}

function cycleText(cycle: CycleResult): string {
  return cycle.paths
    .map(
      (p) =>
        `${p.status.state.padEnd(8)} ${p.id.padEnd(14)} ${p.result.verdict}${p.result.class ? ` (${p.result.class})` : ''} ${Math.round(p.result.durationMs)} ms`,
    )
    .join('\n');
}

async function run(options: MonitorCliOptions): Promise<number> {
  // Loaded on use: the monitor's modules (SQLite, prom-client, the router) would slow every other command.
  const [{ loadMonitorConfig }, { Monitor }, { serveMonitor }] = await Promise.all([
    import('../../monitor/load-config.ts'),
    import('../../monitor/monitor.ts'),
    import('../../monitor/server.ts'),
  ]);
  let monitor: Monitor;
  try {
    const config = await loadMonitorConfig(findConfig(options.config));
    if (options.port !== undefined) config.server.port = options.port;
    if (options.host !== undefined) config.server.host = options.host;
    monitor = new Monitor(config);
  } catch (error) {
    if (!(isMonitorConfigError(error) || error instanceof UsageError)) throw error;
    process.stderr.write(`brownout monitor: ${error.message}\n`);
    return 2;
  }
  if (options.once) {
    try {
      const cycle = await monitor.runCycle();
      process.stdout.write(`${options.json ? cycleJson(monitor, cycle) : cycleText(cycle)}\n`);
      return cycle.exitCode;
    } finally {
      await monitor.close();
    }
  }
  const server = await serveMonitor(monitor, monitor.config.server.port, monitor.config.server.host);
  monitor.log.write('info', 'monitor.started', {
    monitor: monitor.config.name,
    paths: monitor.paths.map((p) => p.id),
    url: server.url,
  });
  process.stderr.write(
    `brownout monitor "${monitor.config.name}": status page ${server.url}/ metrics ${server.url}/metrics. Ctrl+C stops it.\n`,
  );
  monitor.start();
  return untilSignal(async () => {
    await monitor.close();
    await server.close();
  });
}

/** `brownout monitor`: probes the primary and every fallback path, forever or `--once`. */
export function registerMonitor(program: Command): void {
  program
    .command('monitor')
    .description(
      'Synthetic monitor: probe each provider, the router chain and a forced failover; alert, export metrics, serve a status page.',
    )
    .option(
      '--config <file>',
      `monitor file: TypeScript (defineMonitor), JSON or YAML (default: ${DEFAULT_CONFIG_FILES[0]} etc.)`,
    )
    .option('--once', 'run one cycle and exit: 0 all up, 1 down or degraded, 2 bad config')
    .option('--json', 'with --once: print the cycle as JSON on stdout')
    .option(
      '--port <n>',
      'port of /metrics and the status page (overrides server.port)',
      parseIntOption('--port'),
    )
    .option('--host <host>', 'interface to bind (overrides server.host)')
    .action(async (options: MonitorCliOptions) => {
      process.exitCode = await run(options);
    });
}
