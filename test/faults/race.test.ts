// Toxiproxy's close-race test, for the fault server: faults swapped in a loop while traffic flows.
import { Agent, request } from 'undici';
import { expect, it, vi } from 'vitest';
import { classifyError } from '../../src/faults/backends/network-error.ts';
import { startFaultServer } from '../../src/faults/server/fault-server.ts';

const FAULT_SETS = [
  [
    { kind: 'http-error', target: 'openai', status: 503, probability: 0.3 },
    { kind: 'rate-limit', target: 'openai', probability: 0.2 },
  ],
  [
    { kind: 'network', target: 'openai', mode: 'reset', probability: 0.2 },
    { kind: 'stream-cut', target: 'openai', mode: 'mid-event' },
  ],
  [
    { kind: 'timeout', target: 'openai', mode: 'stall', afterChunks: 1, stallMs: 20, probability: 0.3 },
    { kind: 'latency', target: 'openai', ms: 5 },
  ],
  [
    { kind: 'timeout', target: 'openai', mode: 'hang', probability: 0.02 },
    { kind: 'malformed', target: 'openai', mode: 'garbage', probability: 0.2 },
  ],
  [],
];

type Outcome = 'ok' | '503' | '429' | 'reset' | 'cut' | 'timeout' | 'unexpected';

it('survives faults added and removed under concurrent traffic: no crash, no leaked socket, stats consistent', async () => {
  const server = await startFaultServer({ seed: 9 });
  const url = `${server.url}/openai/v1/chat/completions`;
  const agent = new Agent({ connections: 16 });
  const deadline = performance.now() + 1500;
  const outcomes: Record<Outcome, number> = {
    ok: 0,
    '503': 0,
    '429': 0,
    reset: 0,
    cut: 0,
    timeout: 0,
    unexpected: 0,
  };
  let sent = 0;

  async function one(stream: boolean): Promise<Outcome> {
    const signal = AbortSignal.timeout(1000);
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(url, {
        method: 'POST',
        body: JSON.stringify({
          model: 'gpt-4o-mini',
          stream,
          messages: [{ role: 'user', content: `n${sent}` }],
        }),
        dispatcher: agent,
        signal,
      });
    } catch (error) {
      if (signal.aborted) return 'timeout';
      return classifyError(error) === 'reset' ? 'reset' : 'unexpected';
    }
    try {
      await res.body.text();
    } catch (error) {
      if (signal.aborted) return 'timeout';
      return classifyError(error) === 'socket' ? 'cut' : 'unexpected';
    }
    if (res.statusCode === 503) return '503';
    if (res.statusCode === 429) return '429';
    return res.statusCode === 200 ? 'ok' : 'unexpected';
  }

  async function worker(id: number): Promise<void> {
    for (let i = 0; performance.now() < deadline && i < 400; i++) {
      sent++;
      outcomes[await one((i + id) % 2 === 0)]++;
    }
  }

  let mutations = 0;
  async function mutator(): Promise<void> {
    while (performance.now() < deadline) {
      const faults = FAULT_SETS[mutations % FAULT_SETS.length]!;
      // Half through the control API, half in-process: both paths must be safe mid-traffic.
      if (mutations % 2 === 0) server.setFaults(faults);
      else {
        const res = await request(`${server.url}/__brownout/faults`, {
          method: 'PUT',
          body: JSON.stringify(faults),
          dispatcher: agent,
        });
        await res.body.text();
        expect(res.statusCode).toBe(200);
      }
      mutations++;
      await new Promise((r) => setTimeout(r, 3));
    }
  }

  await Promise.all([mutator(), ...Array.from({ length: 16 }, (_, id) => worker(id))]);

  const stats = server.stats();
  const byKind = stats.byTarget.openai?.byKind ?? {};
  expect(mutations).toBeGreaterThan(20);
  expect(sent).toBeGreaterThan(200);
  expect(outcomes, JSON.stringify({ outcomes, stats: server.stats() })).toMatchObject({ unexpected: 0 });
  expect(stats.requests).toBe(sent);
  // Not vacuous: the traffic met the faults.
  for (const seen of ['ok', '503', '429', 'reset', 'cut'] as const)
    expect(outcomes[seen], seen).toBeGreaterThan(0);
  expect(outcomes['503']).toBe(byKind['http-error'] ?? 0);
  expect(outcomes['429']).toBe(byKind['rate-limit'] ?? 0);
  expect(outcomes.reset).toBe(byKind.network ?? 0);
  expect(outcomes.cut).toBe(byKind['stream-cut'] ?? 0);
  expect(outcomes.timeout).toBeLessThanOrEqual(byKind.timeout ?? 0);
  expect(stats.injected).toBe(Object.values(byKind).reduce((a, b) => a + (b ?? 0), 0));

  // Still healthy after the storm.
  server.setFaults([]);
  expect((await request(`${server.url}/openai/v1/models`, { dispatcher: agent })).statusCode).toBe(200);
  await agent.close();
  await vi.waitFor(() => expect(server.openSockets).toBe(0));
  await server.stop();
});
