import type { z } from 'zod';
import { accounting, accountingOptions } from './accounting.ts';
import { attemptsPerRequest, attemptsPerRequestOptions } from './attempts-per-request.ts';
import { availability, availabilityOptions } from './availability.ts';
import { backoffGrows, backoffGrowsOptions } from './backoff-grows.ts';
import { breakerLike, breakerLikeOptions } from './breaker-like.ts';
import { breakerOpens, breakerOpensOptions } from './breaker-opens.ts';
import type { Checker, CheckLevel } from './check.ts';
import { correlation, correlationOptions } from './correlation.ts';
import { failFast, failFastOptions } from './fail-fast.ts';
import { failoverDelay, failoverDelayOptions } from './failover-delay.ts';
import { failoverLatency, failoverLatencyOptions } from './failover-latency.ts';
import { faultInjected, faultInjectedOptions } from './fault-injected.ts';
import { latency, latencyOptions } from './latency.ts';
import { noHammering, noHammeringOptions } from './no-hammering.ts';
import { noLostRequests, noLostRequestsOptions } from './no-lost-requests.ts';
import { noOrphanAttempts, noOrphanAttemptsOptions } from './no-orphan-attempts.ts';
import { noRetryOnFatal, noRetryOnFatalOptions } from './no-retry-on-fatal.ts';
import { noSecrets, noSecretsOptions } from './no-secrets.ts';
import { providerProbe, providerProbeOptions } from './provider-probe.ts';
import { rateLimitSurfaced, rateLimitSurfacedOptions } from './rate-limit-surfaced.ts';
import { retryAfterHonoured, retryAfterHonouredOptions } from './retry-after-honoured.ts';
import { schemaValid, schemaValidOptions } from './schema-valid.ts';
import { servedBy, servedByOptions } from './served-by.ts';
import { streamGaps, streamGapsOptions } from './stream-gaps.ts';
import { streamIntegrity, streamIntegrityOptions } from './stream-integrity.ts';
import { trafficReturns, trafficReturnsOptions } from './traffic-returns.ts';

export interface Entry<S extends z.ZodType> {
  options: S;
  check: Checker<z.output<S>>;
  /** Whether a failure fails the run (`required`) or degrades it (`advisory`), unless the scenario says. */
  level: CheckLevel;
}

function entry<S extends z.ZodType>(
  options: S,
  check: Checker<z.output<S>>,
  level: CheckLevel = 'required',
): Entry<S> {
  return { options, check, level };
}

/** Every checker by id, in the order they run and are reported. */
export const CHECKS = {
  'fault-injected': entry(faultInjectedOptions, faultInjected),
  availability: entry(availabilityOptions, availability),
  latency: entry(latencyOptions, latency),
  'failover-latency': entry(failoverLatencyOptions, failoverLatency),
  'failover-delay': entry(failoverDelayOptions, failoverDelay),
  'attempts-per-request': entry(attemptsPerRequestOptions, attemptsPerRequest),
  'retry-after-honoured': entry(retryAfterHonouredOptions, retryAfterHonoured),
  'no-retry-on-fatal': entry(noRetryOnFatalOptions, noRetryOnFatal),
  'no-hammering': entry(noHammeringOptions, noHammering),
  'breaker-opens': entry(breakerOpensOptions, breakerOpens),
  'breaker-like': entry(breakerLikeOptions, breakerLike),
  'traffic-returns': entry(trafficReturnsOptions, trafficReturns),
  'no-lost-requests': entry(noLostRequestsOptions, noLostRequests),
  'stream-integrity': entry(streamIntegrityOptions, streamIntegrity),
  'stream-gaps': entry(streamGapsOptions, streamGaps, 'advisory'),
  'schema-valid': entry(schemaValidOptions, schemaValid),
  'fail-fast': entry(failFastOptions, failFast),
  'served-by': entry(servedByOptions, servedBy),
  'provider-probe': entry(providerProbeOptions, providerProbe),
  'no-secrets': entry(noSecretsOptions, noSecrets),
  correlation: entry(correlationOptions, correlation),
  'no-orphan-attempts': entry(noOrphanAttemptsOptions, noOrphanAttempts),
  accounting: entry(accountingOptions, accounting),
  'rate-limit-surfaced': entry(rateLimitSurfacedOptions, rateLimitSurfaced),
  'backoff-grows': entry(backoffGrowsOptions, backoffGrows),
};

export type CheckId = keyof typeof CHECKS;
export const CHECK_IDS = Object.keys(CHECKS) as CheckId[];

/** Checks that run with their defaults unless the configuration sets them. */
export const ALWAYS_ON: readonly CheckId[] = [
  'fault-injected',
  'no-secrets',
  'attempts-per-request',
  'correlation',
];

/** Always-on checks that read the upstream record: they run unasked only when the backend keeps one. */
export const UPSTREAM_ONLY: readonly CheckId[] = ['correlation'];

/** Whether `id` names a check. */
export function isCheckId(id: string): id is CheckId {
  return Object.hasOwn(CHECKS, id);
}
