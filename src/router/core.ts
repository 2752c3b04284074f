import type { ErrorClass } from './errors.ts';
import type { RouterEvents } from './events.ts';
import type { ResolvedRouterOptions } from './options.ts';
import type { CircuitBreaker } from './policy/breaker.ts';
import type { ConcurrencyLimiter } from './policy/concurrency.ts';
import type { Provider } from './providers/provider.ts';
import type { Transport } from './transport/transport.ts';

/** A provider with the router-wide state that outlives one request. */
export interface ProviderSlot {
  provider: Provider;
  breaker: CircuitBreaker | undefined;
  limiter: ConcurrencyLimiter | undefined;
  /**
   * Clock ms before which no request may call this provider: set router-wide by a 429's
   * Retry-After, so one rate limit is honoured by every request, not only the one that saw it.
   */
  cooldownUntil: number;
  /** The error class that set the cooldown. */
  cooldownCode?: ErrorClass;
}

/** What a request run needs from its router. */
export interface RouterCore {
  options: ResolvedRouterOptions;
  slots: ProviderSlot[];
  transport: Transport;
  events: RouterEvents;
  /** Starts a half-open probe for a breaker in probe mode (at most one at a time). */
  requestProbe(slot: ProviderSlot): void;
}
