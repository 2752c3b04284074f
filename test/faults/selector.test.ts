import { describe, expect, it } from 'vitest';
import { catalogPolicy } from '../../src/faults/catalog.ts';
import { parseFaults } from '../../src/faults/model.ts';
import { describeRequest } from '../../src/faults/request.ts';
import { FaultSelector } from '../../src/faults/selector.ts';

const chat = (provider = 'openai', extra: Record<string, unknown> = {}) =>
  describeRequest({
    provider,
    method: 'POST',
    path: '/v1/chat/completions',
    bodyText: JSON.stringify({ model: 'gpt-4o-mini', messages: [], ...extra }),
  });

/** A selector on a hand-driven clock; `at(t)` sends one request at time t and says if it was hit. */
function selector(faults: unknown[], seed = 1) {
  const clock = { now: 0 };
  const s = new FaultSelector({ seed, policy: catalogPolicy, now: () => clock.now });
  s.setFaults(parseFaults(faults));
  const at = (t: number) => {
    clock.now = t;
    return s.select(chat()) !== undefined;
  };
  return { s, clock, at };
}

/** Which requests (0-based) out of n got a fault. */
function hits(s: FaultSelector, n: number, request = chat()): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (s.select(request)) out.push(i);
  return out;
}

describe('blast radius', () => {
  it('a seeded probability gives the same hits for the same seed and request order', () => {
    const fault = [{ kind: 'http-error', target: 'openai', probability: 0.3 }];
    const a = hits(selector(fault, 7).s, 200);
    expect(hits(selector(fault, 7).s, 200)).toEqual(a);
    expect(hits(selector(fault, 8).s, 200)).not.toEqual(a);
    // 30% of 200, within a wide band.
    expect(a.length).toBeGreaterThan(35);
    expect(a.length).toBeLessThan(85);
  });

  it('reset() replays the same sequence', () => {
    const { s } = selector([{ kind: 'http-error', target: 'openai', probability: 0.5 }], 3);
    const first = hits(s, 50);
    s.reset();
    expect(hits(s, 50)).toEqual(first);
  });

  it('probability 0 never fires, 1 always does', () => {
    expect(hits(selector([{ kind: 'http-error', target: 'openai', probability: 0 }]).s, 20)).toEqual([]);
    expect(hits(selector([{ kind: 'http-error', target: 'openai' }]).s, 5)).toEqual([0, 1, 2, 3, 4]);
  });

  it('after skips the first N requests to the target; times stops after N hits', () => {
    expect(hits(selector([{ kind: 'http-error', target: 'openai', after: 2, times: 3 }]).s, 8)).toEqual([
      2, 3, 4,
    ]);
  });

  it('targets one provider, and optionally a path prefix and a model', () => {
    const { s } = selector([{ kind: 'http-error', target: 'huggingface', path: '/api/', model: 'org/a' }]);
    expect(s.select(chat('openai'))).toBeUndefined();
    expect(s.select(chat('huggingface'))).toBeUndefined();
    const hub = (repo: string) =>
      describeRequest({ provider: 'huggingface', method: 'GET', path: `/api/models/${repo}` });
    expect(s.select(hub('org/b'))).toBeUndefined();
    expect(s.select(hub('org/a'))).toMatchObject({ index: 0 });
  });

  it('a time window counts from the start (or the last reset)', () => {
    const { s, clock, at } = selector([
      { kind: 'http-error', target: 'openai', startMs: 1000, durationMs: 500 },
    ]);
    expect([at(0), at(999), at(1000), at(1499), at(1500), at(5000)]).toEqual([
      false,
      false,
      true,
      true,
      false,
      false,
    ]);
    clock.now = 10_000;
    s.reset();
    expect([at(10_999), at(11_000)]).toEqual([false, true]);
  });

  it('flaps: on for dutyCycle of each period', () => {
    const { at } = selector([
      { kind: 'http-error', target: 'openai', startMs: 100, flap: { periodMs: 100, dutyCycle: 0.3 } },
    ]);
    const times = Array.from({ length: 30 }, (_, i) => 100 + i * 10);
    expect(times.filter(at)).toEqual([100, 110, 120, 200, 210, 220, 300, 310, 320]);
  });

  it('the first fault that fires wins; a fault that does not fire lets the next one try', () => {
    const { s } = selector([
      { kind: 'http-error', target: 'openai', times: 1 },
      { kind: 'rate-limit', target: 'openai', times: 1 },
      { kind: 'auth', target: 'openai' },
    ]);
    expect([1, 2, 3, 4].map(() => s.select(chat())?.fault.kind)).toEqual([
      'http-error',
      'rate-limit',
      'auth',
      'auth',
    ]);
    // Every matching fault saw every request, so `after` would count them all.
    expect(s.counters()).toEqual([
      { seen: 4, injected: 1 },
      { seen: 4, injected: 1 },
      { seen: 4, injected: 2 },
    ]);
  });

  it('a kind that does not apply is not counted: a stream cut skips non-streaming calls', () => {
    const { s } = selector([{ kind: 'stream-cut', target: 'openai' }]);
    expect(s.select(chat())).toBeUndefined();
    expect(s.select(chat('openai', { stream: true }))).toBeDefined();
    expect(s.counters()).toEqual([{ seen: 1, injected: 1 }]);
  });

  it('a 429 storm, once fired, answers every request for its duration regardless of probability', () => {
    const { at } = selector([
      { kind: 'rate-limit', target: 'openai', times: 1, storm: { durationMs: 1000 } },
    ]);
    expect([at(0), at(10), at(500), at(999), at(1000), at(1500)]).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('setFaults starts the new faults at zero but keeps the clock', () => {
    const { s, clock } = selector([{ kind: 'http-error', target: 'openai', times: 1 }]);
    expect(hits(s, 3)).toEqual([0]);
    clock.now = 700;
    s.setFaults(parseFaults([{ kind: 'http-error', target: 'openai', times: 1, startMs: 500 }]));
    expect(hits(s, 3)).toEqual([0]);
    expect(s.elapsedMs()).toBe(700);
  });
});

describe('matching, compiled per target when the faults are installed', () => {
  it('looks only at the faults of the request target, in list order, and counts what each could hit', () => {
    const { s } = selector([
      { kind: 'http-error', target: 'huggingface', status: 503 },
      { kind: 'http-error', target: 'openai', status: 500, model: 'gpt-other' },
      { kind: 'stream-cut', target: 'openai' },
      { kind: 'http-error', target: 'openai', status: 502, path: '/v1/chat' },
      { kind: 'http-error', target: 'openai', status: 503 },
    ]);
    // Not streaming: the stream cut does not apply; the path prefix matches, so index 3 wins.
    expect(s.select(chat())?.index).toBe(3);
    // Streaming: the stream cut applies and comes first.
    expect(s.select(chat('openai', { stream: true }))?.index).toBe(2);
    expect(s.select(chat('groq'))).toBeUndefined();
    expect(s.counters().map((c) => c.seen)).toEqual([0, 0, 1, 2, 2]);
    expect(s.counters().map((c) => c.injected)).toEqual([0, 0, 1, 1, 0]);
  });

  it('recompiles on every new list and on reset', () => {
    const { s } = selector([{ kind: 'http-error', target: 'openai', status: 503 }]);
    expect(s.select(chat())?.index).toBe(0);
    s.setFaults(parseFaults([{ kind: 'http-error', target: 'groq', status: 503 }]));
    expect(s.select(chat())).toBeUndefined();
    expect(s.select(chat('groq'))?.index).toBe(0);
    s.reset();
    expect(s.counters()).toEqual([{ seen: 0, injected: 0 }]);
    expect(s.select(chat('groq'))?.index).toBe(0);
  });
});
