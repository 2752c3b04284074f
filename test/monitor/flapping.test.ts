// A fallback that fails every other probe never pages (failureThreshold 2); a real outage pages
// once, and its end resolves once, however the recovery wobbles.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type MonitorWorld, startWorld } from './support/monitor-env.ts';

let world: MonitorWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

const BROKEN = [{ kind: 'http-error', target: 'huggingface', status: 503 }];

it('does not flap alerts, and sends exactly one trigger and one resolve per outage', async () => {
  const monitor = world.monitor(
    world.config({
      router: { chain: false, forcedFailover: true },
      thresholds: { failureThreshold: 2, successThreshold: 2 },
    }),
  );
  const pd = () => world.pagerduty.accepted() as Array<{ event_action: string; dedup_key: string }>;
  // Flapping: broken, fine, broken, fine, ...
  for (let i = 0; i < 6; i++) {
    world.faults(i % 2 === 0 ? BROKEN : []);
    await monitor.runCycle();
  }
  expect(pd()).toEqual([]);
  expect(world.slack.accepted()).toEqual([]);

  // A real outage: two failures in a row.
  world.faults(BROKEN);
  await monitor.runCycle();
  const down = await monitor.runCycle();
  expect(down.paths.find((p) => p.id === 'failover')?.status).toMatchObject({
    state: 'down',
    class: 'unavailable',
  });
  // Wobbly recovery: fine, broken, fine, fine.
  for (const faults of [[], BROKEN, [], []]) {
    world.faults(faults);
    await monitor.runCycle();
  }
  const actions = pd().map((e) => `${e.event_action} ${e.dedup_key}`);
  expect(actions.sort()).toEqual([
    'resolve brownout/test-monitor/failover',
    'resolve brownout/test-monitor/huggingface',
    'trigger brownout/test-monitor/failover',
    'trigger brownout/test-monitor/huggingface',
  ]);
  // The history holds one closed incident per path.
  const incidents = monitor.history.incidents(10);
  expect(incidents.map((i) => [i.path, i.state, i.class, i.endedAt !== null]).sort()).toEqual([
    ['failover', 'down', 'unavailable', true],
    ['huggingface', 'down', 'unavailable', true],
  ]);
});
