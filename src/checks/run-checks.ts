import type * as z from 'zod';
import type { History } from '../history/history.ts';
import type { CheckContext, CheckLevel, CheckResult } from './check.ts';
import { validateCheckConfig } from './config.ts';
import { ALWAYS_ON, CHECK_IDS, CHECKS, type CheckId, type Entry, UPSTREAM_ONLY } from './registry.ts';
import { verdict } from './verdict.ts';

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

/**
 * Validates `config` and runs its checks over `history`, plus fault-injected, no-secrets and
 * attempts-per-request with their defaults unless `config` sets them, in the order of `CHECKS`.
 * A checker that throws yields a failing result naming the error rather than ending the run.
 *
 * @example runChecks(history, { availability: { min: 0.99 }, latency: { p95: 2000 } }, ctx)
 */
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
