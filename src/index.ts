/**
 * brownout: chaos testing and synthetic monitoring for LLM failover.
 * The reference failover router is the library's core; fault injection, scenarios and
 * reports build on it.
 */

// The fault layer: model, backends, fault server.
export {
  BACKEND_MATRIX,
  BACKENDS,
  type BackendName,
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
  startFaultServer,
  useCassette,
} from './faults/index.ts';
export { type Gateway, type GatewayOptions, startGateway } from './gateway/gateway.ts';
export { type LoadResult, type RunLoadOptions, runLoad } from './load/run-load.ts';
export type { LoadPhase, LoadRun } from './report/load/model.ts';
export type { RunReport, ScenarioReport } from './report/model.ts';
export * from './router/index.ts';
export type { ScenarioInput } from './scenario/schema.ts';
export { defineScenario, type Scenario } from './scenario/validate.ts';
