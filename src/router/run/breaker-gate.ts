import type { RouterCore } from '../core.ts';
import type { Route } from '../route.ts';
import type { GrantedPermit } from './attempt.ts';
import type { Candidate } from './candidate.ts';

/**
 * A request's door to the circuit breakers: takes a provider's permit, and notes each provider
 * a breaker turned away (in the route's `skipped`; a half-open breaker in probe mode runs its probe).
 */
export class BreakerGate {
  /** Providers passed over without an attempt, in the order they were turned away. */
  readonly skipped: Route['skipped'] = [];
  readonly #core: Pick<RouterCore, 'requestProbe'>;

  constructor(core: Pick<RouterCore, 'requestProbe'>) {
    this.#core = core;
  }

  /** The breaker's permit for a call, or undefined (the provider passed over) when it refuses. */
  acquire(candidate: Candidate): GrantedPermit | undefined {
    const breaker = candidate.slot.breaker;
    if (!breaker) return 'call';
    const permit = breaker.tryAcquire();
    if (permit === undefined) this.passOver([candidate]);
    return permit;
  }

  passOver(passedOver: readonly Candidate[]): void {
    for (const { slot } of passedOver) {
      const breaker = slot.breaker;
      if (breaker?.state === 'half-open' && breaker.halfOpenMode === 'probe') this.#core.requestProbe(slot);
      const name = slot.provider.name;
      if (!this.skipped.some((s) => s.provider === name))
        this.skipped.push({ provider: name, reason: 'circuit-open' });
    }
  }
}
