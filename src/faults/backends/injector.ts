import type { ProviderEndpoints } from '../endpoints.ts';
import type { EngineOptions } from '../engine.ts';
import type { Fault } from '../model.ts';
import type { InjectionStats } from '../stats.ts';
import type { BackendName } from '../support.ts';
import type { UpstreamRecordPage } from '../upstream-record.ts';
import type { UpstreamQuery } from '../upstream-recorder.ts';

/**
 * One fault model, several injectors: every backend implements this. A scenario sets faults and
 * reads stats; it never needs to know how faults reach the wire.
 */
export interface FaultInjector {
  readonly backend: BackendName;
  /** Base URLs the router must be configured with (for the server: known once started). */
  readonly endpoints: ProviderEndpoints;
  /** Validates and installs faults; throws (keeping the previous ones) if invalid or unsupported here. */
  setFaults(faults: readonly unknown[]): Fault[];
  /** The faults installed, defaults applied. */
  getFaults(): Fault[];
  /** Zeroes the counters and restarts the fault clock (time windows count from here). */
  reset(): void;
  stats(): InjectionStats;
  /**
   * The upstream record: every request that reached a fake provider, as it saw it, in `seq` order
   * (`after`: only later attempts; `limit`: at most this many). Cleared by `reset()`.
   */
  upstream(options?: UpstreamQuery): UpstreamRecordPage;
  /** Clears the upstream record only. */
  clearUpstream(): void;
  start(): Promise<void>;
  /** Stops intercepting or serving; pending hangs and stalls end. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options every injector takes: the engine's, plus extra OpenAI-compatible provider names. */
export interface InjectorOptions extends EngineOptions {
  /** Provider names besides `openai` and `huggingface` to serve as OpenAI-compatible fakes. */
  providers?: readonly string[];
}
