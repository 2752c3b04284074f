import { describe, expect, it } from 'vitest';
import { bodyText } from '../../../src/faults/action.ts';
import { classifyHttpError } from '../../../src/router/classify.ts';
import { chatRequest, engineWith, respond } from '../support/engine.ts';

describe('the fake providers answer a bad chat request as the real APIs do: 400, OpenAI-shaped', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a null message', { messages: [null] }, 'messages[0]'],
    ['a message with no role', { messages: [{ content: 'hi' }] }, 'messages[0].role'],
    ['no messages', { messages: undefined }, 'messages'],
    ['empty messages', { messages: [] }, 'messages'],
    ['messages not an array', { messages: 'hi' }, 'messages'],
    ['a model that is no string', { model: 42 }, 'model'],
  ];

  for (const provider of ['openai', 'huggingface', 'mistral']) {
    it.each(cases)(`${provider}: %s`, (_, body, param) => {
      const answer = respond(engineWith().handle(chatRequest(provider, body)));
      expect(answer.status).toBe(400);
      const json = JSON.parse(bodyText(answer)) as { error: Record<string, unknown> };
      expect(json.error).toMatchObject({ type: 'invalid_request_error', param });
      expect(typeof json.error.message).toBe('string');
      // The router reads it as the caller's fault: no retry, no failover, no breaker.
      expect(classifyHttpError(provider, 400, () => undefined, json).code).toBe('bad-request');
    });
  }

  it('a body that is not JSON is 400 too', () => {
    const answer = respond(
      engineWith().handle({
        provider: 'openai',
        method: 'POST',
        path: '/v1/chat/completions',
        bodyText: '{',
      }),
    );
    expect(answer.status).toBe(400);
  });

  it('a well-formed request is still answered 200', () => {
    expect(respond(engineWith().handle(chatRequest('openai'))).status).toBe(200);
  });
});
