// Real clients against the fault server: the official OpenAI SDK, @huggingface/inference and
// @huggingface/hub must read the fakes as the real APIs, and raise their usual errors for faults.
import { HubApiError, modelInfo } from '@huggingface/hub';
import { InferenceClient, InferenceClientProviderApiError } from '@huggingface/inference';
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FaultServer, startFaultServer } from '../../src/faults/server/fault-server.ts';
import { validateCompletion } from './support/schema.ts';

let server: FaultServer;
let openai: OpenAI;
const messages = [{ role: 'user' as const, content: 'Are you there?' }];

beforeAll(async () => {
  server = await startFaultServer();
  openai = new OpenAI({ apiKey: 'sk-test', baseURL: server.endpoints.openai.baseURL, maxRetries: 0 });
});
afterAll(() => server.stop());
afterEach(() => server.setFaults([]));

async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}

describe('openai SDK (maxRetries 0)', () => {
  it('parses the healthy answer, JSON and streamed', async () => {
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(validateCompletion(completion)).toBe(true);
    const text = await collect(
      await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }),
    );
    expect(text).toMatch(/^Hello! The primary answered \([0-9a-f]{8}\)\.$/);
    expect((await openai.models.list()).data.map((m) => m.id)).toContain('gpt-4o-mini');
  });

  it.each([
    [{ kind: 'rate-limit', target: 'openai', retryAfterS: 7 }, RateLimitError],
    [{ kind: 'http-error', target: 'openai', status: 503 }, InternalServerError],
    [{ kind: 'auth', target: 'openai', status: 401 }, AuthenticationError],
    [{ kind: 'model-missing', target: 'openai' }, NotFoundError],
    [{ kind: 'network', target: 'openai', mode: 'reset' }, APIConnectionError],
  ])('%o raises %o', async (fault, errorClass) => {
    server.setFaults([fault]);
    await expect(openai.chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toBeInstanceOf(
      errorClass,
    );
  });

  it('a 429 carries Retry-After and the request id', async () => {
    server.setFaults([{ kind: 'rate-limit', target: 'openai', retryAfterS: 7 }]);
    const error = await openai.chat.completions
      .create({ model: 'gpt-4o-mini', messages })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).headers.get('retry-after')).toBe('7');
    expect((error as RateLimitError).requestID).toMatch(/^req_/);
    expect((error as RateLimitError).code).toBe('rate_limit_exceeded');
  });

  it('a hang ends in the SDK timeout', async () => {
    server.setFaults([{ kind: 'timeout', target: 'openai', mode: 'hang' }]);
    await expect(
      openai.chat.completions.create({ model: 'gpt-4o-mini', messages }, { timeout: 300 }),
    ).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  });

  it('stream faults: an error event throws, a mid-event cut throws, a stream without [DONE] ends silently', async () => {
    const stream = () => openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    server.setFaults([{ kind: 'stream-cut', target: 'openai', mode: 'error-event' }]);
    await expect(collect(await stream())).rejects.toBeInstanceOf(APIError);
    server.setFaults([{ kind: 'stream-cut', target: 'openai', mode: 'mid-event' }]);
    await expect(collect(await stream())).rejects.toThrow();
    // The silent one (FACTS.md): the SDK completes; the router must notice the missing finish_reason.
    server.setFaults([{ kind: 'stream-cut', target: 'openai', mode: 'no-done', afterChunks: 3 }]);
    expect(await collect(await stream())).toBe('Hello! The');
  });
});

describe('@huggingface/inference (retry_on_error false) and @huggingface/hub', () => {
  const hf = () => new InferenceClient('hf_test', { endpointUrl: server.endpoints.huggingface.endpointUrl });
  const chat = () =>
    hf().chatCompletion({ model: 'openai/gpt-oss-20b', messages }, { retry_on_error: false });

  it('reads the healthy HF answer (usage included)', async () => {
    const completion = await chat();
    expect(completion.choices[0]!.message.content).toMatch(/^Hello! The fallback answered/);
    expect(completion.usage.total_tokens).toBeGreaterThan(0);
  });

  it('a loading model is a 503 with estimated_time, raised once, not retried', async () => {
    server.setFaults([{ kind: 'model-loading', target: 'huggingface', estimatedTimeS: 30 }]);
    server.reset();
    const error = await chat().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InferenceClientProviderApiError);
    expect((error as InferenceClientProviderApiError).httpResponse).toMatchObject({
      status: 503,
      body: { error: 'Model openai/gpt-oss-20b is currently loading', estimated_time: 30 },
    });
    expect(server.stats().requests).toBe(1);
  });

  it('modelInfo reads the hub fake; a missing repo is a 404 HubApiError', async () => {
    const hubUrl = server.endpoints.huggingface.hubUrl;
    expect(await modelInfo({ name: 'openai/gpt-oss-20b', hubUrl })).toMatchObject({
      name: 'openai/gpt-oss-20b',
      task: 'text-generation',
    });
    server.setFaults([{ kind: 'model-missing', target: 'huggingface', path: '/api/' }]);
    const error = await modelInfo({ name: 'openai/gpt-oss-20b', hubUrl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubApiError);
    expect(error).toMatchObject({ statusCode: 404, data: { error: 'Repository not found' } });
    // The path filter kept inference healthy.
    expect((await chat()).choices).toHaveLength(1);
  });
});
