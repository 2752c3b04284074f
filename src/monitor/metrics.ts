import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { readPackageVersion } from '../version.ts';
import type { PathState } from './path-state.ts';
import type { ProbePath } from './paths.ts';
import type { ProbeResult } from './verdict.ts';

const STATES: PathState[] = ['unknown', 'up', 'degraded', 'down'];

/**
 * The monitor's Prometheus metrics, named once, by convention (blackbox_exporter): one prefix
 * `brownout_`, base units, `_total` counters, `_info` build info. Labels are only the configured
 * path, provider, model, a failure class, a state or a channel: bounded by the config.
 */
export class MonitorMetrics {
  readonly registry = new Registry();
  readonly #success;
  readonly #duration;
  readonly #ttft;
  readonly #failures;
  readonly #state;
  readonly #hfAvailable;
  readonly #deliveries;
  readonly #lastRun;

  constructor(monitor: string) {
    const registers = [this.registry];
    this.#success = new Gauge({
      name: 'brownout_probe_success',
      help: 'Whether the last probe of a path succeeded (1) or failed (0).',
      labelNames: ['path', 'provider', 'model'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'brownout_probe_duration_seconds',
      help: 'Time a probe took, in seconds.',
      labelNames: ['path', 'provider', 'model'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    this.#ttft = new Histogram({
      name: 'brownout_probe_ttft_seconds',
      help: 'Time to first token of a streaming probe, in seconds.',
      labelNames: ['path', 'provider', 'model'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers,
    });
    this.#failures = new Counter({
      name: 'brownout_probe_failures_total',
      help: 'Failed probes, by path and failure class.',
      labelNames: ['path', 'class'],
      registers,
    });
    this.#state = new Gauge({
      name: 'brownout_path_state',
      help: 'A path state: 1 for the state the path is in, 0 for the others.',
      labelNames: ['path', 'state'],
      registers,
    });
    this.#hfAvailable = new Gauge({
      name: 'brownout_hf_model_available',
      help: 'Whether the Hugging Face hub has the model: repo present, not disabled, a live provider.',
      labelNames: ['provider', 'model'],
      registers,
    });
    this.#deliveries = new Counter({
      name: 'brownout_alert_deliveries_total',
      help: 'Alert deliveries, by channel and outcome (after retries).',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.#lastRun = new Gauge({
      name: 'brownout_monitor_last_cycle_timestamp_seconds',
      help: 'When the last probe cycle finished (Unix time).',
      registers,
    });
    new Gauge({
      name: 'brownout_build_info',
      help: 'brownout version and Node.js version of this monitor (always 1).',
      labelNames: ['version', 'node', 'monitor'],
      registers,
    })
      .labels(readPackageVersion(), process.versions.node, monitor)
      .set(1);
  }

  probed(path: ProbePath, result: ProbeResult): void {
    const labels = { path: path.id, provider: path.provider, model: path.model };
    this.#success.set(labels, result.verdict === 'down' ? 0 : 1);
    this.#duration.observe(labels, result.durationMs / 1000);
    if (result.ttftMs !== undefined) this.#ttft.observe(labels, result.ttftMs / 1000);
    if (result.verdict === 'down') this.#failures.inc({ path: path.id, class: result.class ?? 'unknown' });
    if (path.hub && result.hubAvailable !== undefined)
      this.#hfAvailable.set(
        { provider: path.hub.provider, model: path.hub.model },
        result.hubAvailable ? 1 : 0,
      );
  }

  state(path: string, state: PathState): void {
    for (const s of STATES) this.#state.set({ path, state: s }, s === state ? 1 : 0);
  }

  delivered(channel: string, ok: boolean): void {
    this.#deliveries.inc({ channel, outcome: ok ? 'sent' : 'failed' });
  }

  cycleDone(now: number): void {
    this.#lastRun.set(now / 1000);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
