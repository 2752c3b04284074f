// Record once, replay offline (nock.back). Real provider traffic cannot be recorded here, so the
// replay test plays a cassette written in the recorder's format, and the record test records the
// loopback fault server, then replays the recording with the server gone.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { APIConnectionError } from 'openai';
import { describe, expect, it } from 'vitest';
import { useCassette } from '../../../src/faults/backends/cassette.ts';
import { startFaultServer } from '../../../src/faults/server/fault-server.ts';

const CASSETTES = new URL('../../../fixtures/faults/cassettes', import.meta.url).pathname;
const messages = [{ role: 'user' as const, content: 'Is the primary up?' }];

describe('cassettes', () => {
  it('replays a recorded OpenAI session offline, for the official SDK', async () => {
    const cassette = await useCassette('openai-chat.json', { dir: CASSETTES, mode: 'replay' });
    try {
      const openai = new OpenAI({ apiKey: 'sk-replay', maxRetries: 0 });
      const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(completion.choices[0]!.message.content).toBe('Hello! The primary answered.');
      let streamed = '';
      for await (const chunk of await openai.chat.completions.create({
        model: 'gpt-4o-mini',
        messages,
        stream: true,
      })) {
        streamed += chunk.choices[0]?.delta.content ?? '';
      }
      expect(streamed).toBe('Hello! The primary streamed.');
      expect((await openai.models.list()).data).toHaveLength(2);
      expect(cassette.pending()).toEqual([]);
      // Replay is offline: what the cassette does not hold fails instead of reaching the network.
      const missing = await openai.embeddings
        .create({ model: 'text-embedding-3-small', input: 'x' })
        .catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(APIConnectionError);
      expect(missing).toMatchObject({ cause: { code: 'ERR_NOCK_NO_MATCH' } });
    } finally {
      await cassette.done();
    }
  });

  it('records a session (no request headers, account headers dropped), then replays it without the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brownout-cassette-'));
    const server = await startFaultServer();
    const url = `${server.endpoints.openai.baseURL}/chat/completions`;
    const body = JSON.stringify({ model: 'gpt-4o-mini', messages });
    const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-secret-key' };

    const recording = await useCassette('roundtrip.json', {
      dir,
      mode: 'record',
      scrubHeaders: ['openai-version'],
    });
    const recorded = await (await fetch(url, { method: 'POST', body, headers })).text();
    await recording.done();
    await server.stop();

    const file = readFileSync(join(dir, 'roundtrip.json'), 'utf8');
    expect(file).not.toContain('sk-secret-key');
    const [definition] = JSON.parse(file);
    expect(definition).toMatchObject({ method: 'POST', path: '/openai/v1/chat/completions', status: 200 });
    expect(definition.rawHeaders).not.toHaveProperty('openai-version');
    expect(definition.rawHeaders).toHaveProperty('x-ratelimit-remaining-requests', '499');

    const replay = await useCassette('roundtrip.json', { dir, mode: 'replay', matchBody: false });
    try {
      const res = await fetch(url, { method: 'POST', body: '{"another":"body"}', headers });
      expect(await res.text()).toBe(recorded);
      expect(replay.pending()).toEqual([]);
    } finally {
      await replay.done();
    }
  });
});
