/**
 * The LiteLLM proxy (examples/gateways/litellm, installed by its install.sh), driven for real by
 * brownout. Run with `npx vitest run --config vitest.peers.config.ts` (.ci/peers.sh).
 */
import { expect, it } from 'vitest';
import { drivePeer, PEER_SCENARIO } from './support/peer.ts';

it('brownout drives LiteLLM end to end: healthy answers, an injected 503, the report', async () => {
  // LiteLLM refuses to start without a master key; the runner sends it in place of its own key.
  process.env.LITELLM_MASTER_KEY ||= `sk-peer-test-${process.pid}-0123456789abcdef`;
  const run = await drivePeer(
    'litellm',
    () => ({ Authorization: `Bearer ${process.env.LITELLM_MASTER_KEY}` }),
    // A Python proxy with a large import graph: minutes on a loaded 2-core machine.
    300_000,
  );
  expect([0, 1], run.stderr).toContain(run.code);
  const [scenario] = run.report.scenarios;
  expect(scenario?.id).toBe(PEER_SCENARIO.id);
  expect(scenario?.stats.requests).toBe(PEER_SCENARIO.traffic.requests);
  expect(scenario?.stats.succeeded, run.gatewayOutput.slice(-3000)).toBeGreaterThanOrEqual(2);
  expect(scenario?.faults[0]?.injected).toBeGreaterThanOrEqual(1);
}, 540_000);
