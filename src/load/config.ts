/**
 * The load test's settings: brownout's defaults, then the scenario file (faults, rate, streaming
 * share, the router's policies), then an options file, then flags. The result is the JSON the k6
 * script reads (k6/config.ts parses the same shape): nothing is changed by editing the script.
 */
import { z } from 'zod';
import { parseFaults } from '../faults/model.ts';
import type { LoadPhaseName } from '../report/load/model.ts';
import type { Scenario } from '../scenario/validate.ts';
import { aboveZeroUpTo, inRange, integerInRange, wholeNumber } from '../validation/numbers.ts';

export interface PhaseThresholds {
  maxErrorRate?: number;
  p95Ms?: number;
  minFallbackShare?: number;
}

/** What k6/load.ts reads (BROWNOUT_LOAD_CONFIG names a file holding it). */
export interface LoadConfig {
  target: string;
  faultServer?: string;
  model: string;
  primary: string;
  phases: Record<LoadPhaseName, number>;
  ratePerSec: number;
  streaming: number;
  vus: number;
  maxVUs: number;
  requestTimeoutS: number;
  maxTokens: number;
  faults: unknown[];
  thresholds: Partial<Record<LoadPhaseName, PhaseThresholds>>;
  summaryFile: string;
  /** Tag each request so the fake providers echo who served it (for targets without route headers). */
  correlate?: boolean;
}

const share = inRange(0, 1);
const seconds = aboveZeroUpTo(3600, ' (seconds)');
const phaseThresholds = z.strictObject({
  maxErrorRate: share.optional(),
  p95Ms: aboveZeroUpTo(3_600_000, ' (milliseconds)').optional(),
  minFallbackShare: share.optional(),
});

/** The options file (`--options FILE`, JSON or YAML): every field optional, unknown fields refused. */
export const loadOptionsSchema = z.strictObject({
  model: z.string().min(1).optional(),
  primary: z.string().min(1).optional(),
  phases: z.strictObject({ baseline: seconds, fault: seconds, recovery: seconds }).partial().optional(),
  ratePerSec: aboveZeroUpTo(100_000, ' (requests per second)').optional(),
  streaming: share.optional(),
  vus: integerInRange(1, 10_000).optional(),
  maxVUs: integerInRange(1, 100_000).optional(),
  requestTimeoutS: seconds.optional(),
  maxTokens: wholeNumber(1, ' (tokens)').optional(),
  faults: z.array(z.unknown()).optional(),
  thresholds: z
    .strictObject({ baseline: phaseThresholds, fault: phaseThresholds, recovery: phaseThresholds })
    .partial()
    .optional(),
});
export type LoadOptions = z.output<typeof loadOptionsSchema>;

/** With no scenario: a 429 storm on the primary, the question teams ask first. */
export const DEFAULT_FAULTS = [{ kind: 'rate-limit', target: 'openai' }];

/** Defaults: healthy phases nearly clean, the fault phase mostly served by the fallback. */
export function defaultThresholds(ourGateway: boolean): LoadConfig['thresholds'] {
  return {
    baseline: { maxErrorRate: 0.01 },
    fault: { maxErrorRate: 0.05, ...(ourGateway ? { minFallbackShare: 0.5 } : {}) },
    recovery: { maxErrorRate: 0.01 },
  };
}

/** Scenario faults lose their own time window: in a load test the fault phase is the window. */
function untimed(faults: readonly unknown[]): unknown[] {
  return faults.map((f) => {
    const { startMs: _start, durationMs: _duration, ...rest } = f as Record<string, unknown>;
    return rest;
  });
}

export interface ConfigInputs {
  target: string;
  faultServer?: string;
  scenario?: Scenario;
  options?: LoadOptions;
  /** Flags win over the files. */
  flags: { ratePerSec?: number; vus?: number; phaseSeconds?: number[]; streaming?: number };
  ourGateway: boolean;
  summaryFile: string;
}

/** Builds the script's config; faults are validated here (the script trusts them). */
export function buildLoadConfig(inputs: ConfigInputs): LoadConfig {
  const { scenario, options = {}, flags } = inputs;
  const traffic = scenario?.traffic;
  const [baseline = 10, fault = baseline, recovery = baseline] = flags.phaseSeconds ?? [];
  const phases = { baseline, fault, recovery, ...(flags.phaseSeconds ? {} : options.phases) };
  const ratePerSec = flags.ratePerSec ?? options.ratePerSec ?? traffic?.ratePerSec ?? 10;
  // Enough VUs for half a second of arrivals up front, and up to two seconds' worth when answers slow down.
  const vus = flags.vus ?? options.vus ?? Math.max(10, Math.ceil(ratePerSec / 2));
  const faults = untimed(options.faults ?? scenario?.faults ?? DEFAULT_FAULTS);
  parseFaults(faults);
  const defaults = defaultThresholds(inputs.ourGateway);
  const config: LoadConfig = {
    target: inputs.target,
    model: options.model ?? 'gpt-4o-mini',
    primary: options.primary ?? 'openai',
    phases,
    ratePerSec,
    streaming: flags.streaming ?? options.streaming ?? traffic?.streaming ?? 0.2,
    vus,
    maxVUs: Math.max(vus, options.maxVUs ?? Math.max(4 * vus, Math.min(Math.ceil(ratePerSec * 2), 1000))),
    requestTimeoutS: options.requestTimeoutS ?? 10,
    maxTokens: options.maxTokens ?? 16,
    faults,
    thresholds: {
      baseline: { ...defaults.baseline, ...options.thresholds?.baseline },
      fault: { ...defaults.fault, ...options.thresholds?.fault },
      recovery: { ...defaults.recovery, ...options.thresholds?.recovery },
    },
    summaryFile: inputs.summaryFile,
  };
  if (inputs.faultServer) config.faultServer = inputs.faultServer;
  return config;
}

/** The whole run's length in seconds, as configured (k6 adds setup, graceful stops and teardown). */
export function configuredSeconds(config: LoadConfig): number {
  return config.phases.baseline + config.phases.fault + config.phases.recovery;
}
