/**
 * Runs one scenario N times through brownout's own gateway (fresh per run, route headers read), one
 * seed per run, and counts each check's verdicts: a check that is not the same on every run flakes.
 *
 *   npx tsx test/systems/support/repeat-scenario.mts scenarios/recovery-after-outage.ts 20 [--black-box | --reference]
 *
 * `--reference`: the reference router in process instead of a gateway. Each breaker-opens verdict is
 * printed: "N already in flight" with N > 0 marks a run the old measure (every failure before the
 * first skip) would have failed.
 */
import { startBackend } from '../../../src/scenario/backends.ts';
import { loadScenarios } from '../../../src/scenario/load.ts';
import { runScenario } from '../../../src/scenario/run-scenario.ts';
import { brownoutGatewaySystem } from './fresh-gateway-system.ts';

const [file, times = '20', mode] = process.argv.slice(2);
if (!file) throw new Error('usage: repeat-scenario.mts FILE [N] [--black-box]');
const [scenario] = await loadScenarios([file]);
if (!scenario) throw new Error(`${file} holds no scenario`);
const tally = new Map<string, Record<string, number>>();
const grades: Record<string, number> = {};
for (let seed = 1; seed <= Number(times); seed++) {
  const { report } = await runScenario(scenario, {
    seed,
    backend: 'server',
    startBackend: (backend, s, providers) => startBackend(backend, s, { providers }),
    ...(mode === '--reference' ? {} : { system: brownoutGatewaySystem(mode === '--black-box') }),
    replayCommand: '',
    runProperties: false,
  });
  grades[report.grade ?? '-'] = (grades[report.grade ?? '-'] ?? 0) + 1;
  for (const check of report.checks) {
    const counts = tally.get(check.id) ?? {};
    counts[check.verdict] = (counts[check.verdict] ?? 0) + 1;
    tally.set(check.id, counts);
    if (check.verdict === 'fail' || check.id === 'breaker-opens')
      console.log(`seed ${seed}: ${check.verdict} ${check.id}: ${check.message}`);
  }
}
console.log(`${scenario.id} × ${times}: grades ${JSON.stringify(grades)}`);
for (const [id, counts] of tally) console.log(`  ${id}: ${JSON.stringify(counts)}`);
