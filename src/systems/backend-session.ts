import type { Fault } from '../faults/model.ts';
import type { InjectionStats } from '../faults/stats.ts';
import type { UpstreamRecordPage } from '../faults/upstream-record.ts';
import type { Transport } from '../router/transport/transport.ts';
import type { ProviderUrls } from './reference.ts';

/** The part of an injector that serves the upstream record (every backend has one). */
export interface UpstreamSource {
  upstream?(query: { after?: number; limit?: number }): UpstreamRecordPage | Promise<UpstreamRecordPage>;
}

/** The part of a fault backend the runner uses (src/faults/backends implement it). */
export interface ScenarioInjector extends UpstreamSource {
  readonly backend: string;
  readonly endpoints: ProviderUrls;
  setFaults(faults: Fault[]): void;
  /** Restarts the fault clock and counters: fault windows count from here. */
  reset(): void;
  stats(): InjectionStats;
  stop(): Promise<void>;
}

/** A started backend, and the transport that reaches it. */
export interface BackendSession {
  injector: ScenarioInjector;
  transport: Transport;
}
