// Every fault class, on real sockets: the faulted path turns down with the router's class for it,
// the other paths stay up (the chain serves from the fallback: degraded, never down).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorInput } from '../../src/monitor/config-schema.ts';
import { type MonitorWorld, startWorld } from './support/monitor-env.ts';

let world: MonitorWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

interface Case {
  fault: Record<string, unknown>;
  class: string;
  stream?: boolean;
  /** The chain: degraded (served by the fallback) unless said otherwise. */
  router?: { state: string; class: string };
}

const PRIMARY: Case[] = [
  { fault: { kind: 'http-error', target: 'openai', status: 503 }, class: 'unavailable' },
  { fault: { kind: 'rate-limit', target: 'openai', retryAfterS: 1 }, class: 'rate-limited' },
  { fault: { kind: 'timeout', target: 'openai', mode: 'hang' }, class: 'timeout' },
  { fault: { kind: 'auth', target: 'openai', status: 401 }, class: 'auth' },
  { fault: { kind: 'model-missing', target: 'openai' }, class: 'model-missing' },
  { fault: { kind: 'network', target: 'openai', mode: 'reset' }, class: 'network' },
  { fault: { kind: 'malformed', target: 'openai', mode: 'invalid-json' }, class: 'malformed' },
  { fault: { kind: 'schema-drift', target: 'openai', mode: 'missing-choices' }, class: 'malformed' },
  {
    fault: { kind: 'stream-cut', target: 'openai', mode: 'mid-event' },
    class: 'stream-interrupted',
    stream: true,
    // A stream that broke after its first chunk cannot fail over: users see the break.
    router: { state: 'down', class: 'stream-interrupted' },
  },
];

const FALLBACK: Case[] = [
  { fault: { kind: 'model-missing', target: 'huggingface' }, class: 'model-missing' },
  { fault: { kind: 'model-loading', target: 'huggingface' }, class: 'unavailable' },
  { fault: { kind: 'http-error', target: 'huggingface', status: 500 }, class: 'unavailable' },
  { fault: { kind: 'auth', target: 'huggingface', status: 401 }, class: 'auth' },
];

async function cycle(c: Case) {
  const overrides: Partial<MonitorInput> = {
    probe: { timeoutMs: 1500, ...(c.stream ? { stream: true } : {}) },
    history: { file: ':memory:' },
    alerts: {},
  };
  const monitor = world.monitor(world.config(overrides));
  world.faults([c.fault]);
  try {
    const result = await monitor.runCycle();
    return Object.fromEntries(
      result.paths.map((p) => [p.id, { state: p.status.state, class: p.result.class }]),
    );
  } finally {
    world.faults([]);
    await monitor.close();
  }
}

describe('a fault on the primary', () => {
  it.each(PRIMARY.map((c) => ({ ...c, name: JSON.stringify(c.fault) })))(
    '$name turns the openai path down as $class',
    async (c) => {
      const paths = await cycle(c);
      expect(paths.openai).toEqual({ state: 'down', class: c.class });
      expect(paths.huggingface?.state).toBe('up');
      expect(paths.failover?.state).toBe('up');
      // The chain still answers (from the fallback): degraded, with the primary's failure as the reason.
      expect(paths.router).toEqual(c.router ?? { state: 'degraded', class: c.class });
    },
  );
});

describe('a fault on the fallback', () => {
  it.each(FALLBACK.map((c) => ({ ...c, name: JSON.stringify(c.fault) })))(
    '$name turns the huggingface and failover paths down as $class',
    async (c) => {
      const paths = await cycle(c);
      expect(paths.huggingface).toEqual({ state: 'down', class: c.class });
      expect(paths.failover).toEqual({ state: 'down', class: c.class });
      expect(paths.openai?.state).toBe('up');
      expect(paths.router?.state).toBe('up');
    },
  );
});
