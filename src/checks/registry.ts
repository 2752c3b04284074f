import { z } from 'zod';
import type { History } from '../history/history.ts';
import { accounting, accountingOptions } from './accounting.ts';
import { attemptsPerRequest, attemptsPerRequestOptions } from './attempts-per-request.ts';
import { availability, availabilityOptions } from './availability.ts';
import { backoffGrows, backoffGrowsOptions } from './backoff-grows.ts';
import { breakerLike, breakerLikeOptions } from './breaker-like.ts';
import { breakerOpens, breakerOpensOptions } from './breaker-opens.ts';
import type { CheckContext, Checker, CheckLevel, CheckResult } from './check.ts';
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
import { verdict } from './verdict.ts';

interface Entry<S extends z.ZodType> {
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
const UPSTREAM_ONLY: readonly CheckId[] = ['correlation'];

/**
 * One check's configuration: its options, `true` for its defaults, or a list of option objects to
 * run it several times (e.g. `served-by` for two providers; results are then `served-by[0]`, ...).
 */
export type CheckEntry<Options> = Options | true | Options[];

/** The `checks` of a scenario: check id → options. */
export type CheckConfig = { [K in CheckId]?: CheckEntry<z.input<(typeof CHECKS)[K]['options']>> };

/** A configuration problem: where (`path` below `checks`) and what was expected. */
export interface CheckConfigIssue {
  path: Array<string | number>;
  message: string;
}

/** The check configuration is unusable; `issues` holds one line per problem, each naming `checks.<id>.<field>`. */
export class CheckConfigError extends Error {
  override readonly name = 'CheckConfigError';
  readonly code = 'BROWNOUT_CHECK_CONFIG_INVALID';
  constructor(readonly issues: readonly string[]) {
    super(issues.join('\n'));
  }
}

/** Every problem in a check configuration (empty when it is valid). */
export function checkConfigIssues(config: unknown): CheckConfigIssue[] {
  if (!isObject(config)) return [{ path: [], message: 'expected an object of check id → options' }];
  const issues: CheckConfigIssue[] = [];
  for (const [id, value] of Object.entries(config)) {
    if (!isCheckId(id)) {
      issues.push({ path: [id], message: `unknown check; known checks: ${CHECK_IDS.join(', ')}` });
      continue;
    }
    const schema = CHECKS[id].options;
    if (value === true) continue;
    if (Array.isArray(value)) {
      if (value.length === 0)
        issues.push({ path: [id], message: 'expected at least one options object in the list' });
      value.forEach((item, i) => {
        issues.push(...optionIssues(schema, item, [id, i]));
      });
    } else {
      issues.push(...optionIssues(schema, value, [id]));
    }
  }
  return issues;
}

/**
 * Throws a `CheckConfigError` naming every offending `checks.<id>.<field>` and what was expected.
 *
 * @example validateCheckConfig({ availability: { mn: 0.99 } })
 * // CheckConfigError: checks.availability.mn: unknown option; expected one of: min
 * //                   checks.availability.min: is required; expected a fraction in the range [0, 1]
 */
export function validateCheckConfig(config: unknown): asserts config is CheckConfig {
  const issues = checkConfigIssues(config);
  if (issues.length > 0)
    throw new CheckConfigError(issues.map((i) => `${formatPath(['checks', ...i.path])}: ${i.message}`));
}

/**
 * The `checks` field, for the scenario loader to embed: an object of check id → options (or `true`,
 * or a list of options objects), each validated strictly by its checker's schema. Issues carry the
 * path below `checks` and say what was expected.
 */
export const checkOptionsSchema = z
  .custom<CheckConfig>((value) => isObject(value), { error: 'expected an object of check id → options' })
  .superRefine((value, ctx) => {
    if (!isObject(value)) return;
    for (const issue of checkConfigIssues(value))
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

/**
 * Validates `config` and runs its checks over `history`, plus fault-injected, no-secrets and
 * attempts-per-request with their defaults unless `config` sets them, in the order of `CHECKS`.
 * A checker that throws yields a failing result naming the error rather than ending the run.
 *
 * @example runChecks(history, { availability: { min: 0.99 }, latency: { p95: 2000 } }, ctx)
 */
/**
 * Whether an always-on check runs unasked. `attempts-per-request` needs attempts: a black-box
 * gateway reports none, so it runs unasked only when the history has them (asked for explicitly
 * on a history without attempts, it fails as vacuous).
 */
function alwaysOn(id: CheckId, history: History): boolean {
  if (!ALWAYS_ON.includes(id)) return false;
  if (id === 'attempts-per-request') return history.records.some((r) => r.attempts.length > 0);
  if (UPSTREAM_ONLY.includes(id)) return history.upstream !== undefined;
  return true;
}

export function runChecks(
  history: History,
  config: Record<string, unknown>,
  ctx: CheckContext,
): CheckResult[] {
  validateCheckConfig(config);
  const results: CheckResult[] = [];
  for (const id of CHECK_IDS) {
    const value: unknown = config[id] ?? (alwaysOn(id, history) ? true : undefined);
    if (value === undefined) continue;
    const list: unknown[] = value === true ? [{}] : Array.isArray(value) ? value : [value];
    list.forEach((raw, i) => {
      const name = list.length > 1 ? `${id}[${i}]` : id;
      const { options, check, level: byDefault } = CHECKS[id] as Entry<z.ZodType>;
      const level: CheckLevel = ctx.advisory?.includes(id) ? 'advisory' : byDefault;
      try {
        results.push({ ...check(history, options.parse(raw), ctx), id: name, level });
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        results.push({ ...verdict(name, false, null, null, `the checker failed to run: ${why}`), level });
      }
    });
  }
  return results;
}

function optionIssues(schema: z.ZodType, value: unknown, at: Array<string | number>): CheckConfigIssue[] {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return [];
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  return parsed.error.issues.map((issue) => {
    const path = [...at, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    if (issue.code === 'unrecognized_keys') {
      const expected =
        known.length > 0 ? `expected one of: ${known.join(', ')}` : 'this check takes no options';
      return issue.keys.length === 1
        ? { path: [...path, issue.keys[0]!], message: `unknown option; ${expected}` }
        : { path, message: `unknown options ${issue.keys.map((k) => `"${k}"`).join(', ')}; ${expected}` };
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return {
        path,
        message:
          path.length === at.length
            ? 'expected an options object (or true)'
            : `is required; ${issue.message}`,
      };
    }
    if (issue.code === 'invalid_type' && path.length === at.length) {
      return { path, message: 'expected an options object (or true for the defaults)' };
    }
    return { path, message: issue.message };
  });
}

function formatPath(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCheckId(id: string): id is CheckId {
  return Object.hasOwn(CHECKS, id);
}
