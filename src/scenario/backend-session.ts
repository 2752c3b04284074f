import type { Fault } from '../faults/model.ts';
import type { InjectionStats } from '../faults/stats.ts';
import type { Transport } from '../router/transport/transport.ts';
import type { ProviderUrls } from '../systems/reference.ts';
import type { UpstreamSource } from './upstream-join.ts';

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
