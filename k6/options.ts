/**
 * k6 options from the config: one constant-arrival-rate scenario per phase and request kind,
 * chained by `startTime`, plus a one-iteration scenario at each phase boundary that switches the
 * faults (on one runner only when the test is split: the switch is idempotent, PUT and DELETE).
 */
import type { Options, Scenario } from 'k6/options';
import { type LoadConfig, PHASES, type PhaseName } from './config.ts';

/** The tag every request carries: its phase (`control` for the fault switches). */
export const PHASE_TAG = 'phase';

/** Arrivals per minute: k6 wants whole numbers, a minute keeps fractional rates per second. */
function perMinute(ratePerSec: number): number {
  return Math.round(ratePerSec * 60);
}

/** When each phase starts, seconds from the test's start. */
export function phaseStarts(config: LoadConfig): Record<PhaseName, number> {
  const { baseline, fault } = config.phases;
  return { baseline: 0, fault: baseline, recovery: baseline + fault };
}

function trafficScenarios(config: LoadConfig): Record<string, Scenario> {
  const scenarios: Record<string, Scenario> = {};
  const starts = phaseStarts(config);
  const kinds = [
    { name: 'json', exec: 'chat', share: 1 - config.streaming },
    { name: 'stream', exec: 'chatStream', share: config.streaming },
  ];
  for (const phase of PHASES) {
    for (const kind of kinds) {
      const rate = perMinute(config.ratePerSec * kind.share);
      if (rate === 0) continue;
      scenarios[`${phase}_${kind.name}`] = {
        executor: 'constant-arrival-rate',
        exec: kind.exec,
        rate,
        timeUnit: '1m',
        duration: `${config.phases[phase]}s`,
        startTime: `${starts[phase]}s`,
        preAllocatedVUs: Math.max(1, Math.ceil(config.vus * kind.share)),
        maxVUs: Math.max(1, Math.ceil(config.maxVUs * kind.share)),
        gracefulStop: `${config.requestTimeoutS}s`,
        tags: { [PHASE_TAG]: phase },
      };
    }
  }
  return scenarios;
}

function switchScenario(exec: string, startS: number): Scenario {
  return {
    executor: 'per-vu-iterations',
    exec,
    vus: 1,
    iterations: 1,
    startTime: `${startS}s`,
    maxDuration: '30s',
    tags: { [PHASE_TAG]: 'control' },
  };
}

/** Thresholds tagged by phase, from the config's limits. */
export function phaseThresholds(config: LoadConfig): Record<string, string[]> {
  const thresholds: Record<string, string[]> = {};
  for (const phase of PHASES) {
    const limits = config.thresholds[phase] ?? {};
    const tag = `{${PHASE_TAG}:${phase}}`;
    if (limits.maxErrorRate !== undefined)
      thresholds[`http_req_failed${tag}`] = [`rate<=${limits.maxErrorRate}`];
    if (limits.p95Ms !== undefined) thresholds[`http_req_duration${tag}`] = [`p(95)<${limits.p95Ms}`];
    if (limits.minFallbackShare !== undefined)
      thresholds[`brownout_fallback_served${tag}`] = [`rate>=${limits.minFallbackShare}`];
  }
  return thresholds;
}

export function buildOptions(config: LoadConfig): Options {
  const scenarios = trafficScenarios(config);
  if (config.faultServer) {
    const starts = phaseStarts(config);
    scenarios.faults_on = switchScenario('faultsOn', starts.fault);
    scenarios.faults_off = switchScenario('faultsOff', starts.recovery);
  }
  return {
    scenarios,
    thresholds: phaseThresholds(config),
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'],
  };
}
