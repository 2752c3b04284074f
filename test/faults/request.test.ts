import { describe, expect, it } from 'vitest';
import { describeRequest } from '../../src/faults/request.ts';

const body = JSON.stringify({
  model: 'gpt-4o-mini',
  stream: true,
  messages: [{ role: 'user', content: 'Say hello. [brownout:k7]' }],
});

describe('describeRequest', () => {
  it('describes repeats of a body alike, each with its own provider, path and method', () => {
    const a = describeRequest({
      provider: 'openai',
      method: 'post',
      path: '/v1/chat/completions',
      bodyText: body,
    });
    const b = describeRequest({
      provider: 'groq',
      method: 'POST',
      path: '/v1/chat/completions',
      bodyText: body,
    });
    for (const request of [a, b]) {
      expect(request).toMatchObject({ model: 'gpt-4o-mini', stream: true, key: 'k7', method: 'POST' });
      expect(request.body).toEqual(JSON.parse(body));
    }
    expect([a.provider, b.provider]).toEqual(['openai', 'groq']);
    expect(b.dialect).toBe('openai');
  });

  it('reads a hub request from its path, whatever the body said before', () => {
    const hub = describeRequest({
      provider: 'huggingface',
      method: 'GET',
      path: '/api/models/org/name',
      bodyText: body,
    });
    expect(hub).toMatchObject({ dialect: 'hf-hub', model: 'org/name', key: undefined });
  });

  it('leaves a body that is not a JSON object unparsed', () => {
    for (const text of ['', 'not json', '[1,2]', 'null']) {
      const request = describeRequest({
        provider: 'openai',
        method: 'POST',
        path: '/v1/chat/completions',
        bodyText: text,
      });
      expect(request).toMatchObject({ body: undefined, model: undefined, stream: false, key: undefined });
    }
  });
});
