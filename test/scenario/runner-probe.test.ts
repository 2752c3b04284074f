import { describe, expect, it } from 'vitest';
import { parseFault } from '../../src/faults/model.ts';
import type { Transport } from '../../src/router/transport/transport.ts';
import { startBackend } from '../../src/scenario/backends.ts';
import {
  judgedProbeProviders,
  probeTaggingTransport,
  runnerProbes,
} from '../../src/scenario/runner-probe.ts';

const credentials = { openaiKey: 'sk-test-0000000000000000000000', hfToken: 'hf_test00000000000000000000' };

describe('judgedProbeProviders', () => {
  it("names the providers the scenario's provider-probe checks judge, once each", () => {
    expect(judgedProbeProviders({ availability: { min: 1 } })).toEqual([]);
    expect(judgedProbeProviders({ 'provider-probe': { provider: 'huggingface', expect: 'broken' } })).toEqual(
      ['huggingface'],
    );
    expect(
      judgedProbeProviders({
        'provider-probe': [
          { provider: 'openai', expect: 'healthy' },
          { provider: 'huggingface', expect: 'broken' },
          { provider: 'openai', expect: 'healthy' },
        ],
      }),
    ).toEqual(['openai', 'huggingface']);
  });
});

describe('probeTaggingTransport', () => {
  it('tags every URL it sends, by request() and by fetch(), and leaves the inner transport open', async () => {
    const seen: string[] = [];
    let closed = false;
    const inner = {
      name: 'fake',
      async request(r) {
        seen.push(r.url);
        throw new Error('not needed');
      },
      fetch: (async (input: RequestInfo | URL) => {
        seen.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
        return new Response('{}');
      }) as typeof fetch,
      async close() {
        closed = true;
      },
    } satisfies Transport;
    const tagged = probeTaggingTransport(inner, 'r.probe');
    await tagged
      .request({
        url: 'http://h/v1/models',
        method: 'GET',
        headers: {},
        signal: new AbortController().signal,
      })
      .catch(() => {});
    await tagged.fetch('http://h/api/models/a/b?expand[]=disabled');
    await tagged.fetch(new URL('http://h/x'));
    await tagged.fetch(new Request('http://h/y'));
    await tagged.close();
    expect(seen).toEqual([
      'http://h/v1/models?brownout-probe=r.probe',
      'http://h/api/models/a/b?expand[]=disabled&brownout-probe=r.probe',
      'http://h/x?brownout-probe=r.probe',
      'http://h/y?brownout-probe=r.probe',
    ]);
    expect(closed).toBe(false);
  });
});

describe('runnerProbes', () => {
  it('probes only the providers asked for, through the backend, and the record marks them', async () => {
    const session = await startBackend('msw', 7, { providers: ['openai', 'huggingface'] });
    try {
      session.injector.setFaults([parseFault({ kind: 'model-missing', target: 'huggingface' })]);
      session.injector.reset();
      const probes = await runnerProbes({
        config: {},
        endpoints: session.injector.endpoints,
        credentials,
        transport: session.transport,
        providers: ['huggingface'],
        key: 'run1.probe',
        timeoutMs: 5_000,
        t0: performance.now(),
      });
      expect(probes).toEqual([
        expect.objectContaining({
          provider: 'huggingface',
          by: 'runner',
          ok: false,
          error: expect.objectContaining({ code: 'model-missing' }),
        }),
      ]);
      const attempts = (await session.injector.upstream?.({}))?.attempts ?? [];
      expect(attempts).toHaveLength(1);
      expect(attempts[0]).toMatchObject({ probe: 'run1.probe', operation: 'hub-model-info', status: 404 });
      expect(session.injector.stats().faults.find((f) => f.index === 0)?.injected).toBe(1);
    } finally {
      await session.injector.stop();
      await session.transport.close();
    }
  });
});
