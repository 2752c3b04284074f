/**
 * brownout: chaos testing and synthetic monitoring for LLM failover.
 * The reference failover router is the library's core; fault injection, scenarios and
 * reports build on it.
 */

export type { CheckLevel, CheckResult, Verdict } from './checks/check.ts';
export type { Grade, IdealGrade } from './checks/grade.ts';
// Errors of calling brownout wrongly that have no layer class of their own; the message convention.
export {
  BROWNOUT_ERROR_CODES,
  type BrownoutErrorCode,
  BrownoutRangeError,
  BrownoutTypeError,
  isBrownoutError,
} from './errors.ts';
// The fault layer: model, backends, fault server.
// What the fake providers saw: the upstream record, and the correlation tag that ties it to requests.
export {
  BACKEND_MATRIX,
  BACKENDS,
  BackendConflictError,
  type BackendName,
  classifyError,
  compilePhases,
  correlationTag,
  createInjector,
  type Fault,
  type FaultInjector,
  type FaultInput,
  type FaultKind,
  FaultServer,
  FaultValidationError,
  InjectorStateError,
  isFaultValidationError,
  isUnsupportedFaultError,
  MockAgentInjector,
  MswInjector,
  NockInjector,
  type ProviderEndpoints,
  parseFault,
  parseFaults,
  readCorrelationEcho,
  startFaultServer,
  UnsupportedFaultError,
  type UpstreamAttempt,
  type UpstreamRecordPage,
  useCassette,
} from './faults/index.ts';
export { type Gateway, type GatewayOptions, startGateway } from './gateway/gateway.ts';
export type { History, HistoryRecord, UpstreamAttemptRecord } from './history/history.ts';
export { type LoadResult, type RunLoadOptions, runLoad } from './load/run-load.ts';
export { defineMonitor } from './monitor/config.ts';
export type { MonitorInput } from './monitor/config-schema.ts';
export { InvalidReportError } from './report/json.ts';
export type { LoadPhase, LoadRun } from './report/load/model.ts';
export type { RunReport, ScenarioReport, SystemInfo } from './report/model.ts';
export { REPORT_FILES, type WrittenReports, writeReports } from './report/write.ts';
export * from './router/index.ts';
export type { ScenarioInput } from './scenario/schema.ts';
export { defineScenario, type Scenario } from './scenario/validate.ts';
export {
  type GatewayProcess,
  GatewayProcessError,
  type GatewayProcessOptions,
  startGatewayProcess,
} from './systems/gateway-process.ts';
export { type CompletionParts, toChatChunk, toChatCompletion } from './systems/openai-shape.ts';
export {
  defineSystem,
  type SystemCallContext,
  type SystemDefinition,
  type SystemHttpClient,
  type SystemPolicy,
  type SystemProvider,
  type SystemProviders,
  type SystemRoute,
} from './systems/system-definition.ts';
