/**
 * brownout: chaos testing and synthetic monitoring for LLM failover.
 * The reference failover router is the library's core; fault injection, scenarios and
 * reports build on it.
 */

export type { CheckLevel, CheckResult, Verdict } from './checks/check.ts';
export type { Grade, IdealGrade } from './checks/grade.ts';
// The fault layer: model, backends, fault server.
// What the fake providers saw: the upstream record, and the correlation tag that ties it to requests.
export {
  BACKEND_MATRIX,
  BACKENDS,
  type BackendName,
  correlationTag,
  createInjector,
  type Fault,
  type FaultInjector,
  type FaultInput,
  type FaultKind,
  FaultServer,
  FaultValidationError,
  MockAgentInjector,
  MswInjector,
  NockInjector,
  type ProviderEndpoints,
  parseFault,
  parseFaults,
  readCorrelationEcho,
  startFaultServer,
  type UpstreamAttempt,
  type UpstreamRecordPage,
  useCassette,
} from './faults/index.ts';
export { type Gateway, type GatewayOptions, startGateway } from './gateway/gateway.ts';
export type { History, HistoryRecord, UpstreamAttemptRecord } from './history/history.ts';
export type { RunReport, ScenarioReport } from './report/model.ts';
export * from './router/index.ts';
export type { ScenarioInput } from './scenario/schema.ts';
export { defineScenario, type Scenario } from './scenario/validate.ts';
