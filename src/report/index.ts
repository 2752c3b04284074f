/**
 * Reports: one model (model.ts), several renderers, the diff and a small server. `writeReports`
 * is what `brownout run` calls; the rest is for tools that build on the JSON report.
 */
export { type DiffOptions, diffReports, type ReportDiff, type ScenarioDiff } from './diff.ts';
export { renderDiffMarkdown } from './diff-markdown.ts';
export { renderDiffHtml } from './html/diff.ts';
export { renderHtml } from './html/report.ts';
export { InvalidReportError, renderJson } from './json.ts';
export { renderJUnit } from './junit.ts';
export type { LoadPhase, LoadRun, LoadSeries, LoadThreshold } from './load/model.ts';
export { renderMarkdown } from './markdown.ts';
export type {
  LatencySummary,
  PropertyResult,
  RunReport,
  ScenarioReport,
  Timeline,
  TimelinePoint,
} from './model.ts';
export { createRedactor, type Redactor, redactDeep, secretsFromEnv } from './redact.ts';
export {
  parseReport,
  REPORT_SCHEMA_URL,
  ReportInputError,
  readReportFile,
  reportSchemaErrors,
} from './schema.ts';
export { findLatestReport, serveReport } from './serve.ts';
export { REPORT_FILES, type WrittenReports, writeReports } from './write.ts';
