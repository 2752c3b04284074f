import { isWireError } from './classify.ts';
import { isProviderError, ProviderError } from './errors.ts';

/**
 * An error that did not come over the wire (a bug in a normalizer, a body our code could not
 * encode) as the `internal` class: it says nothing of the provider's health, so it never moves
 * a circuit breaker and is never retried on the same provider. Returns `undefined` for a
 * classified provider failure or a transport error, which keep their own class.
 */
export function ourSideError(provider: string, thrown: unknown): ProviderError | undefined {
  if (isProviderError(thrown) || isWireError(thrown)) return undefined;
  const why = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  return new ProviderError('internal', `${provider}: an error on our side, not the provider's (${why})`, {
    provider,
    detail: 'our-side',
    cause: thrown,
  });
}
