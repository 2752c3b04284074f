import { describe, expect, it } from 'vitest';
import { readServerSentEvents, SseDecoder } from '../../src/router/sse.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('SseDecoder: the events each read completes, synchronously', () => {
  it('hands back every event a piece completes, and none before it is complete', () => {
    const decoder = new SseDecoder();
    expect(decoder.feed(bytes('data: {"a":1}\n\ndata: {"b"'))).toEqual([
      expect.objectContaining({ data: '{"a":1}' }),
    ]);
    expect(decoder.feed(bytes(':2}\n'))).toEqual([]);
    expect(decoder.feed(bytes('\ndata: [DONE]\n\n')).map((e) => e.data)).toEqual(['{"b":2}', '[DONE]']);
  });

  it('joins a character split between reads, and the lines of a multi-line event with a newline', () => {
    const decoder = new SseDecoder();
    const text = bytes('data: {"t":"é"}\n\ndata: one\ndata: two\n\n');
    const split = text.indexOf(0xa9); // inside "é" (0xc3 0xa9)
    expect(decoder.feed(text.subarray(0, split))).toEqual([]);
    expect(decoder.feed(text.subarray(split)).map((e) => e.data)).toEqual(['{"t":"é"}', 'one\ntwo']);
  });

  it('drops a byte order mark that opens the stream, even one split between reads', () => {
    const decoder = new SseDecoder();
    const text = bytes('\uFEFFdata: first\n\n');
    expect(decoder.feed(text.subarray(0, 2))).toEqual([]);
    expect(decoder.feed(text.subarray(2)).map((e) => e.data)).toEqual(['first']);
  });

  it('never hands back an event the stream cut mid-way, not even at the end', () => {
    const decoder = new SseDecoder();
    expect(decoder.feed(bytes('data: {"cut":'))).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });

  it('readServerSentEvents yields the same events off a byte stream', async () => {
    async function* body() {
      yield bytes('data: 1\n\nda');
      yield bytes('ta: 2\n\ndata: 3');
    }
    const seen: string[] = [];
    for await (const event of readServerSentEvents(body())) seen.push(event.data);
    expect(seen).toEqual(['1', '2']);
  });
});
