export { ALERT_KINDS, type AlertEvent, type AlertKind, dedupKey } from './alerts/event.ts';
export { defineMonitor, type MonitorConfig, validateMonitor } from './config.ts';
export type { MonitorInput } from './config-schema.ts';
export { isMonitorConfigError, MonitorConfigError } from './errors.ts';
export { loadMonitorConfig } from './load-config.ts';
export { type CycleResult, Monitor, type MonitorOptions } from './monitor.ts';
export type { PathState } from './path-state.ts';
export { serveMonitor } from './server.ts';
export { FAILURE_CLASSES, type FailureClass, type ProbeResult, type Verdict } from './verdict.ts';
