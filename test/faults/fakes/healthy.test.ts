import { describe, expect, it } from 'vitest';
import { bodyText } from '../../../src/faults/action.ts';
import { formatDuration } from '../../../src/faults/duration.ts';
import { chatRequest, engineWith, hubRequest, jsonOf, respond } from '../support/engine.ts';
import { sseData, validateChunk, validateCompletion } from '../support/schema.ts';

const stream = (provider: string, extra: Record<string, unknown> = {}) =>
  sseData(bodyText(respond(engineWith().handle(chatRequest(provider, { stream: true, ...extra })))));

describe('healthy fake OpenAI', () => {
  it('answers a chat completion valid against the official schema', () => {
    const completion = jsonOf(engineWith().handle(chatRequest('openai')));
    expect(validateCompletion(completion), JSON.stringify(validateCompletion.errors)).toBe(true);
    expect(completion).toMatchObject({ object: 'chat.completion', model: 'gpt-4o-mini' });
    expect(completion.choices[0].message.content).toMatch(/^Hello! The primary answered \([0-9a-f]{8}\)\.$/);
  });

  it('streams chunks valid against the schema, ending in [DONE]', () => {
    const data = stream('openai');
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    for (const chunk of chunks) expect(validateChunk(chunk), JSON.stringify(validateChunk.errors)).toBe(true);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
    expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toMatch(
      /^Hello! The primary answered/,
    );
  });

  it('adds a final usage chunk when stream_options.include_usage asks for it', () => {
    const chunks = stream('openai', { stream_options: { include_usage: true } })
      .slice(0, -1)
      .map((d) => JSON.parse(d));
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
    for (const chunk of chunks) expect(validateChunk(chunk)).toBe(true);
  });

  it('is deterministic: the same request gives the same bytes; another request, other content', () => {
    const a = bodyText(respond(engineWith().handle(chatRequest('openai'))));
    expect(bodyText(respond(engineWith().handle(chatRequest('openai'))))).toBe(a);
    const other = jsonOf(
      engineWith().handle(chatRequest('openai', { messages: [{ role: 'user', content: 'else' }] })),
    );
    expect(other.choices[0].message.content).not.toBe(JSON.parse(a).choices[0].message.content);
  });

  it('stops at max_tokens with finish_reason length', () => {
    const completion = jsonOf(engineWith().handle(chatRequest('openai', { max_tokens: 2 })));
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'length',
      message: { content: 'Hello! The' },
    });
    expect(completion.usage.completion_tokens).toBe(2);
  });

  it('counts x-ratelimit-remaining-requests down with each request', () => {
    const engine = engineWith();
    const remaining = [1, 2, 3].map(
      () => respond(engine.handle(chatRequest('openai'))).headers['x-ratelimit-remaining-requests'],
    );
    expect(remaining).toEqual(['499', '498', '497']);
  });

  it('lists models, and answers an unknown route as OpenAI does', () => {
    const engine = engineWith();
    expect(jsonOf(engine.handle({ provider: 'openai', method: 'GET', path: '/v1/models' })).data[0].id).toBe(
      'gpt-4o-mini',
    );
    const missing = respond(engine.handle({ provider: 'openai', method: 'POST', path: '/v1/nope' }));
    expect(missing.status).toBe(404);
    expect(JSON.parse(bodyText(missing)).error.message).toBe('Invalid URL (POST /v1/nope)');
  });

  it('serves any other provider name as OpenAI-compatible', () => {
    const completion = jsonOf(engineWith().handle(chatRequest('mistral')));
    expect(validateCompletion(completion)).toBe(true);
    expect(completion.choices[0].message.content).toMatch(/^Hello! The mistral provider answered/);
  });
});

describe('healthy fake Hugging Face', () => {
  it('answers the router in HF dialect: empty id, eos_token, no refusal, usage', () => {
    const completion = jsonOf(engineWith().handle(chatRequest('huggingface')));
    expect(completion).toMatchObject({
      id: '',
      object: 'chat.completion',
      usage: { total_tokens: expect.any(Number) },
    });
    expect(completion.choices[0].finish_reason).toBe('eos_token');
    expect(completion.choices[0].message).not.toHaveProperty('refusal');
    // HF dialect on purpose: the router normalizes it.
    expect(validateCompletion(completion)).toBe(false);
  });

  it('streams with usage in a final empty-choices chunk', () => {
    const data = stream('huggingface');
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    expect(chunks.at(-2).choices[0].finish_reason).toBe('eos_token');
    expect(chunks.at(-1)).toMatchObject({ id: '', choices: [], usage: { prompt_tokens: 2 } });
  });

  it('answers hub model info for any repo, with the provider mapping when expanded', () => {
    expect(jsonOf(engineWith().handle(hubRequest('acme/model-x')))).toMatchObject({
      id: 'acme/model-x',
      _id: expect.any(String),
    });
    const mapped = jsonOf(
      engineWith().handle(hubRequest('acme/model-x', 'expand%5B%5D=inferenceProviderMapping')),
    );
    expect(mapped.inferenceProviderMapping['hf-inference']).toEqual({
      status: 'live',
      providerId: 'acme/model-x',
      task: 'conversational',
    });
  });
});

describe('formatDuration (x-ratelimit-reset-*)', () => {
  it('writes durations as OpenAI does', () => {
    expect([12, 1000, 1500, 360_000, 3_723_000].map(formatDuration)).toEqual([
      '12ms',
      '1s',
      '1.5s',
      '6m0s',
      '1h2m3s',
    ]);
  });
});
