// The issue formatter lives in src/validation (one wording for faults, checks and scenarios).
export { describeValue, formatIssues, type IssueHints, joinPath } from '../validation/issues.ts';
