import { setMaxListeners } from 'node:events';
import type { ProviderEndpoints } from '../endpoints.ts';
import { FaultEngine } from '../engine.ts';
import { InjectorStateError } from '../errors.ts';
import type { Fault } from '../model.ts';
import type { InjectionStats } from '../stats.ts';
import type { BackendName } from '../support.ts';
import type { UpstreamEnd, UpstreamRecordPage } from '../upstream-record.ts';
import type { UpstreamQuery } from '../upstream-recorder.ts';
import type { FaultInjector, InjectorOptions } from './injector.ts';

/** What every backend shares: the engine (faults, stats, clock) and a lifetime that `stop()` ends. */
export abstract class EngineInjector implements FaultInjector {
  abstract readonly backend: BackendName;
  abstract readonly endpoints: ProviderEndpoints;
  protected readonly engine: FaultEngine;
  /** Aborted by `stop()`: ends pending hangs, waits and stalls. */
  protected life = new AbortController();
  protected running = false;

  constructor(backend: BackendName, options: InjectorOptions = {}) {
    this.engine = new FaultEngine(backend, options);
  }

  setFaults(faults: readonly unknown[]): Fault[] {
    return this.engine.setFaults(faults);
  }

  getFaults(): Fault[] {
    return this.engine.getFaults();
  }

  reset(): void {
    this.engine.reset();
  }

  stats(): InjectionStats {
    return this.engine.stats();
  }

  upstream(options?: UpstreamQuery): UpstreamRecordPage {
    return this.engine.upstream(options);
  }

  clearUpstream(): void {
    this.engine.clearUpstream();
  }

  /** How an answer cut short by an abort ended: the injector stopping, or the client leaving. */
  protected abortedEnd(): UpstreamEnd {
    return this.life.signal.aborted ? 'hang' : 'client-closed';
  }

  async start(): Promise<void> {
    if (this.running) throw new InjectorStateError(`The ${this.backend} backend is already started.`);
    this.life = new AbortController();
    // Every pending delay, hang and stall listens on the lifetime: many at once is normal, not a leak.
    setMaxListeners(0, this.life.signal);
    await this.activate();
    this.running = true;
    // Time windows count from the start.
    this.engine.reset();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.life.abort(new InjectorStateError(`The ${this.backend} backend stopped.`));
    await this.deactivate();
  }

  /** Starts intercepting or serving. */
  protected abstract activate(): Promise<void>;
  /** Stops intercepting or serving. */
  protected abstract deactivate(): Promise<void>;
}
