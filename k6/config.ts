/**
 * The load test's configuration, read in k6's init context: from the file named by
 * `BROWNOUT_LOAD_CONFIG` (what `brownout load` writes), or from `BROWNOUT_LOAD` as JSON (what a
 * k6-operator `TestRun` passes in its env). Faults, rates and durations live here, never in the script.
 */

export type PhaseName = 'baseline' | 'fault' | 'recovery';
export const PHASES: readonly PhaseName[] = ['baseline', 'fault', 'recovery'];

/** Limits per phase; each one becomes a k6 threshold tagged with the phase. */
export interface PhaseThresholds {
  /** Highest share of failed requests, in [0, 1]. */
  maxErrorRate?: number;
  /** Highest p95 of the whole request, ms. */
  p95Ms?: number;
  /** Lowest share of answers served by a provider other than the primary, in [0, 1]. */
  minFallbackShare?: number;
}

export interface LoadConfig {
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1. */
  target: string;
  /** Fault server origin whose control API switches the faults; absent: nothing is switched. */
  faultServer?: string;
  model: string;
  /** The provider that serves when nothing is wrong (route headers name the others fallbacks). */
  primary: string;
  /** Seconds per phase. */
  phases: Record<PhaseName, number>;
  /** Arrivals per second in every phase (constant arrival rate). */
  ratePerSec: number;
  /** Share of requests that stream, in [0, 1]. */
  streaming: number;
  /** VUs allocated up front and at most (arrivals wait for a free VU beyond that). */
  vus: number;
  maxVUs: number;
  /** Per-request timeout, seconds. */
  requestTimeoutS: number;
  maxTokens: number;
  /** Fault JSON (DESIGN.md wire form) put on the fault server for the fault phase. */
  faults: unknown[];
  thresholds: Partial<Record<PhaseName, PhaseThresholds>>;
  /** Where handleSummary writes k6's summary JSON. */
  summaryFile: string;
  /** Tag each request so the fake providers echo who served it (targets without route headers). */
  correlate?: boolean;
}

function fail(field: string, expected: string, got: unknown): never {
  throw new Error(`brownout load config: ${field} must be ${expected}, got ${JSON.stringify(got)}`);
}

function positive(value: unknown, field: string): number {
  if (typeof value !== 'number' || !(value > 0)) fail(field, 'a number greater than 0', value);
  return value;
}

function share(value: unknown, field: string): number {
  if (typeof value !== 'number' || value < 0 || value > 1) fail(field, 'in the range [0, 1]', value);
  return value;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') fail(field, 'a non-empty string', value);
  return value;
}

/** Validates the raw JSON: a bad field stops the test in init with its name and the valid range. */
export function parseConfig(raw: unknown): LoadConfig {
  if (typeof raw !== 'object' || raw === null) fail('(root)', 'an object', raw);
  const c = raw as Record<string, unknown>;
  const phases = (c.phases ?? {}) as Record<string, unknown>;
  const vus = positive(c.vus ?? 10, 'vus');
  const config: LoadConfig = {
    target: text(c.target, 'target').replace(/\/+$/, ''),
    model: text(c.model ?? 'gpt-4o-mini', 'model'),
    primary: text(c.primary ?? 'openai', 'primary'),
    phases: {
      baseline: positive(phases.baseline ?? 10, 'phases.baseline'),
      fault: positive(phases.fault ?? 10, 'phases.fault'),
      recovery: positive(phases.recovery ?? 10, 'phases.recovery'),
    },
    ratePerSec: positive(c.ratePerSec ?? 5, 'ratePerSec'),
    streaming: share(c.streaming ?? 0, 'streaming'),
    vus,
    maxVUs: positive(c.maxVUs ?? vus * 4, 'maxVUs'),
    requestTimeoutS: positive(c.requestTimeoutS ?? 10, 'requestTimeoutS'),
    maxTokens: positive(c.maxTokens ?? 16, 'maxTokens'),
    faults: Array.isArray(c.faults) ? c.faults : fail('faults', 'an array of faults', c.faults),
    thresholds: (c.thresholds ?? {}) as LoadConfig['thresholds'],
    summaryFile: text(c.summaryFile ?? 'brownout-k6-summary.json', 'summaryFile'),
  };
  if (c.correlate === true) config.correlate = true;
  if (c.faultServer !== undefined)
    config.faultServer = text(c.faultServer, 'faultServer').replace(/\/+$/, '');
  return config;
}

/** Reads the config from the environment (init context only: `open` is not allowed later). */
export function readConfig(): LoadConfig {
  const file = __ENV.BROWNOUT_LOAD_CONFIG;
  if (file) return parseConfig(JSON.parse(open(file)));
  const inline = __ENV.BROWNOUT_LOAD;
  if (inline) return parseConfig(JSON.parse(inline));
  throw new Error(
    'brownout load config: set BROWNOUT_LOAD_CONFIG to a JSON file or BROWNOUT_LOAD to JSON (see docs/load.md)',
  );
}
