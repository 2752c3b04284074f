import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openaiCompatible } from '../../src/router/providers/openai-compatible.ts';
import { rawTextOf } from '../../src/router/raw-text.ts';
import { createRouter } from '../../src/router/router.ts';
import { OPENAI_STREAM, sseEvents, sseFrame } from './support/fixtures.ts';
import { ASK, drain } from './support/router-harness.ts';

/**
 * An OpenAI-compatible stream read off a real socket: events handled in one loop per read, the
 * role chunk held until content comes, and a stream with no content failing over while failover
 * is still invisible.
 */

const EVENTS = sseEvents(OPENAI_STREAM);
const role = (finish: string | null) =>
  JSON.stringify({
    id: 'chatcmpl-empty',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: finish }],
  });

/** What each upstream path sends: byte pieces, one write each, a few ms apart. */
const PLANS: Record<string, string[]> = {
  // Every byte of the healthy stream in pieces that split events (and lines) anywhere.
  '/split/v1/chat/completions': (() => {
    const text = sseFrame(EVENTS);
    const pieces: string[] = [];
    for (let at = 0; at < text.length; at += 37) pieces.push(text.slice(at, at + 37));
    return pieces;
  })(),
  // A role chunk, then the budget ran out with nothing written: no answer at all.
  '/empty/v1/chat/completions': [sseFrame([role(null)]), sseFrame([role('length'), '[DONE]'])],
};

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const piece of PLANS[req.url ?? ''] ?? []) {
        res.write(piece);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('openaiCompatible stream over a socket', () => {
  it('reads every chunk of a stream whose events arrive split across reads, each with its own text', async () => {
    const router = createRouter({
      providers: [openaiCompatible({ name: 'split', baseURL: `${origin}/split/v1`, model: 'm' })],
      breaker: false,
    });
    const { items, error } = await drain(router.stream(ASK));
    await router.close();
    expect(error).toBeUndefined();
    const expected = EVENTS.filter((e) => e !== '[DONE]');
    expect(items.map((chunk) => JSON.stringify(chunk))).toEqual(
      expected.map((e) => JSON.stringify(JSON.parse(e))),
    );
    // Each chunk that needed no rewrite carries the text it came as (OpenAI's own chunks need none).
    expect(items.map((chunk) => rawTextOf(chunk))).toEqual(expected);
  });

  it('a stream that ends with no content fails over before any chunk reaches the caller', async () => {
    const router = createRouter({
      providers: [
        openaiCompatible({ name: 'empty', baseURL: `${origin}/empty/v1`, model: 'm' }),
        openaiCompatible({ name: 'split', baseURL: `${origin}/split/v1`, model: 'm' }),
      ],
      breaker: false,
    });
    const stream = router.stream(ASK);
    const { items, error } = await drain(stream);
    await router.close();
    expect(error).toBeUndefined();
    expect(items[0]?.id).not.toBe('chatcmpl-empty');
    expect(items.some((chunk) => chunk.id === 'chatcmpl-empty')).toBe(false);
    expect(stream.route?.attempts).toMatchObject([
      { provider: 'empty', outcome: 'malformed', detail: 'no-content' },
      { provider: 'split', outcome: 'ok' },
    ]);
  });
});
