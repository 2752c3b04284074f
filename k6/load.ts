/**
 * brownout's k6 load test: baseline, fault and recovery phases against an OpenAI-compatible
 * endpoint, faults switched through the fault server's control API at the phase boundaries.
 *
 *   BROWNOUT_LOAD_CONFIG=load.json k6 run k6/load.ts     (k6 0.57 and newer run TypeScript)
 *   k6 run dist/k6/load.es2017.js                         (the ES2017 bundle, for older k6)
 *
 * `brownout load` writes the config, starts the fault server and gateway, and reads the summary.
 */
import type { Options } from 'k6/options';
import { readConfig } from './config.ts';
import { switchFaults } from './faults.ts';
import { buildOptions } from './options.ts';
import { chat as chatOnce, chatStream as chatStreamOnce } from './requests.ts';
import { type SummaryData, summaryOutputs } from './summary.ts';

const config = readConfig();

export const options: Options = buildOptions(config);

/** A clean start: no faults left over from an earlier run (the switch is idempotent). */
export function setup(): void {
  switchFaults(config, false);
}

/** The faults stay off after the test, even when it stopped during the fault phase. */
export function teardown(): void {
  switchFaults(config, false);
}

export function chat(): void {
  chatOnce(config);
}

export function chatStream(): void {
  chatStreamOnce(config);
}

export function faultsOn(): void {
  switchFaults(config, true);
}

export function faultsOff(): void {
  switchFaults(config, false);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return summaryOutputs(data, config);
}
