export type { CheckContext, Checker, CheckResult, Verdict } from './check.ts';
export {
  type CheckConfig,
  CheckConfigError,
  type CheckConfigIssue,
  type CheckEntry,
  checkConfigIssues,
  checkOptionsSchema,
  validateCheckConfig,
} from './config.ts';
export { quantile, type Summary, summarize } from './quantiles.ts';
export { ALWAYS_ON, CHECK_IDS, CHECKS, type CheckId } from './registry.ts';
export { runChecks } from './run-checks.ts';
