/**
 * Portkey's open-source gateway (examples/gateways/portkey, installed by its install.sh), driven
 * for real by brownout. Run with `npx vitest run --config vitest.peers.config.ts` (.ci/peers.sh).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO } from '../cli/support/cli.ts';
import { drivePeer, PEER_SCENARIO } from './support/peer.ts';

const template = readFileSync(join(REPO, 'examples/gateways/portkey/config.template.json'), 'utf8');

it('brownout drives Portkey end to end: healthy answers, an injected 503, the report', async () => {
  const run = await drivePeer(
    'portkey',
    (upstream) => ({ 'x-portkey-config': JSON.parse(template.replaceAll('{upstream}', upstream)) }),
    60_000,
  );
  expect([0, 1], run.stderr).toContain(run.code);
  const [scenario] = run.report.scenarios;
  expect(scenario?.id).toBe(PEER_SCENARIO.id);
  expect(scenario?.stats.requests).toBe(PEER_SCENARIO.traffic.requests);
  // The healthy start reached the client through Portkey, and the fault reached Portkey.
  expect(scenario?.stats.succeeded, run.gatewayOutput).toBeGreaterThanOrEqual(2);
  expect(scenario?.faults[0]?.injected).toBeGreaterThanOrEqual(1);
}, 280_000);
