export type { CheckContext, Checker, CheckResult, Verdict } from './check.ts';
export { quantile, type Summary, summarize } from './quantiles.ts';
export {
  ALWAYS_ON,
  CHECK_IDS,
  CHECKS,
  type CheckConfig,
  CheckConfigError,
  type CheckConfigIssue,
  type CheckEntry,
  type CheckId,
  checkConfigIssues,
  checkOptionsSchema,
  runChecks,
  validateCheckConfig,
} from './registry.ts';
