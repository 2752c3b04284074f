import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FaultServer, startFaultServer } from '../../../src/faults/server/fault-server.ts';
import { type MonitorConfig, validateMonitor } from '../../../src/monitor/config.ts';
import type { MonitorInput } from '../../../src/monitor/config-schema.ts';
import { type Logger, silentLogger } from '../../../src/monitor/log.ts';
import { Monitor, type MonitorOptions } from '../../../src/monitor/monitor.ts';
import { type Receiver, startPagerDuty, startSlack } from './receivers.ts';

export const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';

/** A fault server, Slack and PagerDuty receivers, a temp folder: everything a monitor test needs. */
export interface MonitorWorld {
  server: FaultServer;
  slack: Receiver;
  pagerduty: Receiver;
  dir: string;
  env: NodeJS.ProcessEnv;
  config(overrides?: Partial<MonitorInput>): MonitorConfig;
  monitor(config: MonitorConfig, options?: MonitorOptions): Monitor;
  faults(faults: unknown[]): void;
  close(): Promise<void>;
}

export async function startWorld(): Promise<MonitorWorld> {
  const server = await startFaultServer({ port: 0 });
  const slack = await startSlack();
  const pagerduty = await startPagerDuty();
  const dir = mkdtempSync(join(tmpdir(), 'brownout-monitor-'));
  const env = {
    SLACK_WEBHOOK_URL: `${slack.url}/services/T000/B000/XXXX`,
    PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
    PATH: '',
  };
  const monitors: Monitor[] = [];
  return {
    server,
    slack,
    pagerduty,
    dir,
    env,
    config(overrides = {}) {
      const { openai, huggingface } = server.endpoints;
      return validateMonitor(
        {
          name: 'test-monitor',
          source: 'test-region',
          providers: [
            { type: 'openai', model: 'gpt-4o-mini', baseURL: openai.baseURL },
            {
              type: 'huggingface',
              model: 'openai/gpt-oss-20b',
              endpointUrl: huggingface.endpointUrl,
              hubUrl: huggingface.hubUrl,
            },
          ],
          thresholds: { failureThreshold: 1, successThreshold: 1 },
          probe: { timeoutMs: 5000 },
          alerts: {
            slack: { webhookUrlEnv: 'SLACK_WEBHOOK_URL' },
            pagerduty: { routingKeyEnv: 'PAGERDUTY_ROUTING_KEY', url: `${pagerduty.url}/v2/enqueue` },
            delivery: { attempts: 3, baseMs: 1, capMs: 5 },
          },
          history: { file: join(dir, 'monitor.db') },
          ...overrides,
        },
        'test.monitor.yaml',
        env,
      );
    },
    monitor(config, options = {}) {
      const log: Logger = options.log ?? silentLogger;
      const m = new Monitor(config, { env, log, ...options });
      monitors.push(m);
      return m;
    },
    faults(faults) {
      server.setFaults(faults);
    },
    async close() {
      await Promise.allSettled(monitors.map((m) => m.close()));
      await Promise.all([server.stop(), slack.close(), pagerduty.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
