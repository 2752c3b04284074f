/** The fault layer's public surface: the model, the catalog, the backends and the fault server. */
export type { Action, BodyChunk, BodyEnd, HangAction, NetworkAction, RespondAction } from './action.ts';
export type { Cassette, CassetteMode, CassetteOptions } from './backends/cassette.ts';
export { SCRUBBED_HEADERS, useCassette } from './backends/cassette.ts';
export type { FaultInjector, InjectorOptions } from './backends/injector.ts';
export { MockAgentInjector } from './backends/mock-agent.ts';
export { MswInjector, type MswInjectorOptions } from './backends/msw.ts';
export { classifyError, type ErrorClass } from './backends/network-error.ts';
export { NockInjector } from './backends/nock.ts';
export { CATALOG, VARIANTS, variantOf } from './catalog.ts';
export {
  correlationEcho,
  correlationTag,
  readCorrelationEcho,
  readCorrelationKey,
} from './correlation.ts';
export { type AnyInjectorOptions, createInjector, type InjectorFor } from './create.ts';
export type { HuggingFaceEndpoint, OpenAIEndpoint, ProviderEndpoints } from './endpoints.ts';
export { hostedEndpoints, serverEndpoints } from './endpoints.ts';
export { type EngineOptions, FaultEngine } from './engine.ts';
export {
  BackendConflictError,
  type FaultIssue,
  FaultValidationError,
  InjectorStateError,
  isFaultValidationError,
  isUnsupportedFaultError,
  UnsupportedFaultError,
} from './errors.ts';
export { MAX_MS } from './limits.ts';
export {
  assertSupported,
  BACKEND_MATRIX,
  renderMatrixMarkdown,
  supportOf,
  TRANSPORT_MATRIX,
  type Transport,
} from './matrix.ts';
export * from './model.ts';
export { compilePhases, type Phase } from './phases.ts';
export { FaultSelector, type KindPolicy, type Selection } from './selector.ts';
export { FaultServer, type FaultServerOptions, startFaultServer } from './server/fault-server.ts';
export type { FaultStats, InjectionStats, TargetStats } from './stats.ts';
export { BACKENDS, type BackendName, type Support, type SupportLevel } from './support.ts';
export {
  UPSTREAM_RECORD_CAP,
  type UpstreamAttempt,
  type UpstreamEnd,
  type UpstreamOperation,
  type UpstreamRecordPage,
} from './upstream-record.ts';
export { type UpstreamQuery, UpstreamRecorder } from './upstream-recorder.ts';
