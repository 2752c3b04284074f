import { describe, expect, it } from 'vitest';
import { assertHasContent, holdUntilContent } from '../../src/router/empty-answer.ts';
import { isProviderError } from '../../src/router/errors.ts';
import { normalizeChunk } from '../../src/router/normalize.ts';
import type { ChatCompletion, ChatCompletionChunk } from '../../src/router/types.ts';

const completion = (content: string | null, finish: string): ChatCompletion =>
  ({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'o4-mini',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: finish }],
  }) as ChatCompletion;

const chunk = (delta: Record<string, unknown>, finish: string | null = null): ChatCompletionChunk =>
  ({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'o4-mini',
    choices: [{ index: 0, delta, finish_reason: finish }],
  }) as ChatCompletionChunk;

async function* from(chunks: ChatCompletionChunk[], log: string[] = []) {
  for (const [i, c] of chunks.entries()) {
    log.push(`read ${i}`);
    yield c;
  }
}

describe('an answer with no content', () => {
  it('fails the attempt when the budget ran out before any content', () => {
    expect(() => assertHasContent(completion('', 'length'), 'openai')).toThrow(
      expect.objectContaining({ code: 'malformed', detail: 'no-content', provider: 'openai' }),
    );
    expect(() => assertHasContent(completion(null, 'length'), 'openai')).toThrow(/no content/);
  });

  it('passes a truncated answer with content, and an empty one the model ended itself', () => {
    expect(assertHasContent(completion('Hello', 'length'), 'openai').choices[0]?.message.content).toBe(
      'Hello',
    );
    expect(assertHasContent(completion('', 'stop'), 'openai').choices[0]?.finish_reason).toBe('stop');
  });

  it('a stream: the role chunk is held until content comes, then everything flows in order', async () => {
    const log: string[] = [];
    const out: string[] = [];
    const source = [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hi' }), chunk({}, 'stop')];
    for await (const c of holdUntilContent(from(source, log), 'openai')) {
      log.push('yield');
      out.push(c.choices[0]?.delta.content ?? `<${c.choices[0]?.finish_reason}>`);
    }
    expect(out).toEqual(['', 'Hi', '<stop>']);
    // Nothing reached the caller before the content chunk was read.
    expect(log.slice(0, 3)).toEqual(['read 0', 'read 1', 'yield']);
  });

  it('a stream that finishes on length with no content throws before its first chunk', async () => {
    const source = [chunk({ role: 'assistant', content: '' }), chunk({}, 'length')];
    const seen: ChatCompletionChunk[] = [];
    let error: unknown;
    try {
      for await (const c of holdUntilContent(from(source), 'openai')) seen.push(c);
    } catch (e) {
      error = e;
    }
    expect(seen).toEqual([]);
    expect(isProviderError(error) && error.detail).toBe('no-content');
  });

  it('a stream that ends before any content or finish hands over what came', async () => {
    const source = [chunk({ role: 'assistant', content: '' })];
    const seen: ChatCompletionChunk[] = [];
    for await (const c of holdUntilContent(from(source), 'openai')) seen.push(c);
    expect(seen).toHaveLength(1);
  });
});

describe('finish_reason "error"', () => {
  it('is a stream interruption, never a finish', () => {
    expect(() => normalizeChunk(chunk({}, 'error'), { provider: 'vllm', model: 'm' })).toThrow(
      expect.objectContaining({ code: 'stream-interrupted', detail: 'error-finish' }),
    );
  });
});
