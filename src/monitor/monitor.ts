import { createRedactor, type Redactor, secretsFromEnv } from '../report/redact.ts';
import { Alerter, type PathSnapshot, type SentAlert } from './alerts/alerter.ts';
import type { DeliveryOptions } from './alerts/delivery.ts';
import { inMaintenance } from './alerts/maintenance.ts';
import type { MonitorConfig } from './config.ts';
import { type MonitorDatabase, openDatabase } from './database.ts';
import { History } from './history.ts';
import { jsonLogger, type Logger } from './log.ts';
import { MonitorMetrics } from './metrics.ts';
import { nextStatus, type PathStatus } from './path-state.ts';
import { buildPaths, type ProbePath } from './paths.ts';
import { PathProber } from './probe.ts';
import { mapLimit, Schedule } from './scheduler.ts';
import { StateStore } from './state-store.ts';
import { buildStatusView, type StatusView } from './status-view.ts';
import type { ProbeResult } from './verdict.ts';

export interface MonitorOptions {
  env?: NodeJS.ProcessEnv;
  /** Wall clock in epoch ms (tests inject one). */
  now?: () => number;
  log?: Logger;
  delivery?: Partial<DeliveryOptions>;
}

export interface PathReport extends PathSnapshot {
  result: ProbeResult;
  maintenance: boolean;
}

export interface CycleResult {
  at: number;
  paths: PathReport[];
  alerts: SentAlert[];
  /** 0 every path up (or in maintenance), 1 a path down or degraded past its threshold. */
  exitCode: 0 | 1;
}

/**
 * The synthetic monitor: probes every path (bounded concurrency), moves each path's state
 * machine, records history, updates metrics and sends the alerts that are due. State and alert
 * bookkeeping live in SQLite, so `--once` from cron and a restarted daemon behave alike.
 */
export class Monitor {
  readonly paths: ProbePath[];
  readonly metrics: MonitorMetrics;
  readonly history: History;
  readonly log: Logger;
  readonly redactor: Redactor;
  readonly #db: MonitorDatabase;
  readonly #store: StateStore;
  readonly #probers: PathProber[];
  readonly #alerter: Alerter;
  readonly #now: () => number;
  #schedule: Schedule | undefined;
  #last: CycleResult | undefined;

  constructor(
    readonly config: MonitorConfig,
    options: MonitorOptions = {},
  ) {
    const env = options.env ?? process.env;
    this.#now = options.now ?? Date.now;
    this.redactor = createRedactor([...config.secrets, ...secretsFromEnv(env)]);
    this.log = options.log ?? jsonLogger(this.redactor);
    this.paths = buildPaths(config, env);
    this.#probers = this.paths.map((p) => new PathProber(p, config, this.#now));
    this.#db = openDatabase(config.history.file);
    this.history = new History(this.#db);
    this.#store = new StateStore(this.#db);
    this.metrics = new MonitorMetrics(config.name);
    this.#alerter = new Alerter(
      config,
      this.#store,
      this.log,
      this.redactor,
      (channel, ok) => this.metrics.delivered(channel, ok),
      options.delivery,
    );
    for (const p of this.paths) this.metrics.state(p.id, this.#store.status(p.id, this.#now()).state);
  }

  /** One cycle: probe, judge, record, alert. */
  async runCycle(): Promise<CycleResult> {
    const at = this.#now();
    const results = await mapLimit(this.#probers, this.config.concurrency, (prober) => prober.run());
    const reports: PathReport[] = this.paths.map((path, i) => {
      const result = results[i] as ProbeResult;
      const maintenance = inMaintenance(this.config.alerts.maintenance, path.id, at);
      const before = this.#store.status(path.id, at);
      const status: PathStatus = nextStatus(before, result, this.config.thresholds);
      this.#store.saveStatus(path.id, status);
      this.history.record(result, maintenance);
      if (status.state !== before.state) {
        this.history.transition(
          path.id,
          before.state,
          status.state,
          result.at,
          status.class,
          this.redactor(status.message ?? ''),
        );
        this.log.write('info', 'path.state', {
          path: path.id,
          from: before.state,
          to: status.state,
          class: status.class,
        });
      }
      this.metrics.probed(path, result);
      this.metrics.state(path.id, status.state);
      this.log.write(result.verdict === 'up' ? 'info' : 'warn', 'probe', {
        path: path.id,
        verdict: result.verdict,
        class: result.class,
        detail: result.detail,
        message: result.message,
        ms: Math.round(result.durationMs),
        ttftMs: result.ttftMs === undefined ? undefined : Math.round(result.ttftMs),
        servedBy: result.servedBy,
        maintenance: maintenance || undefined,
      });
      return { id: path.id, provider: path.provider, model: path.model, status, result, maintenance };
    });
    const alerts = await this.#alerter.notify(reports, this.#now());
    const pruned = this.history.prune(this.config.history.retentionMs, at);
    if (pruned > 0) this.log.write('debug', 'history.pruned', { probes: pruned });
    this.metrics.cycleDone(this.#now());
    const bad = reports.some(
      (r) => !r.maintenance && (r.status.state === 'down' || r.status.state === 'degraded'),
    );
    this.#last = { at, paths: reports, alerts, exitCode: bad ? 1 : 0 };
    return this.#last;
  }

  /** Everything the status page shows, from the history and each path's state. */
  statusView(): StatusView {
    const now = this.#now();
    return buildStatusView(
      this.config.name,
      this.paths,
      (id) => this.#store.status(id, now),
      this.history,
      now,
      this.redactor,
    );
  }

  /** Probes every interval (with jitter) until `stop()`. */
  start(): void {
    this.#schedule ??= new Schedule(
      async () => {
        try {
          await this.runCycle();
        } catch (error) {
          this.log.write('error', 'cycle.failed', { error: (error as Error).message });
        }
      },
      this.config.intervalMs,
      this.config.jitterMs,
    );
    this.#schedule.start();
  }

  async stop(): Promise<void> {
    await this.#schedule?.stop();
  }

  /** Stops probing, closes connections and the database. */
  async close(): Promise<void> {
    await this.stop();
    await Promise.all(this.#probers.map((p) => p.close()));
    this.#db.close();
  }

  get lastCycle(): CycleResult | undefined {
    return this.#last;
  }
}
