import { APICallError } from 'ai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { errorFacts, keepErrorFacts } from '../../src/systems/error-facts.ts';

// The errors the examples in examples/systems/ let reach their caller on the stream scenarios.
describe('errorFacts', () => {
  it("reads the openai SDK's APIError for an in-band SSE error event: its class and the body's type", () => {
    const body = { message: 'The server had an error', type: 'server_error', param: null, code: null };
    const error = new OpenAI.APIError(undefined, body, undefined, undefined);
    expect(errorFacts(error)).toEqual({ name: 'APIError', reason: { type: 'server_error' } });
  });

  it("reads a gateway's own code from the error body, numbers included", () => {
    const error = new OpenAI.APIError(
      undefined,
      { message: 'upstream cut', code: 500 },
      undefined,
      undefined,
    );
    expect(errorFacts(error).reason).toEqual({ code: '500' });
    const named = new OpenAI.APIError(
      undefined,
      { message: 'cut', code: 'stream-interrupted' },
      undefined,
      undefined,
    );
    expect(errorFacts(named).reason).toEqual({ code: 'stream-interrupted' });
  });

  it("reads the AI SDK's error part (the body object itself) and its APICallError", () => {
    expect(errorFacts({ message: 'The server had an error', type: 'server_error', code: null })).toEqual({
      name: 'Object',
      reason: { type: 'server_error' },
    });
    const cut = new APICallError({
      message: 'Failed to process successful response',
      url: 'http://127.0.0.1/v1/chat/completions',
      requestBodyValues: {},
      statusCode: 200,
    });
    expect(errorFacts(cut)).toEqual({ name: 'APICallError' });
  });

  it('names a DOMException by its name, without its legacy numeric code', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(errorFacts(timeout)).toEqual({ name: 'TimeoutError' });
  });

  it('says nothing more of a bare TypeError than its class', () => {
    expect(errorFacts(new TypeError('terminated'))).toEqual({ name: 'TypeError' });
    expect(errorFacts('a string')).toEqual({});
  });

  it("gives a wrapper's kept facts, not the wrapper's own class and code", () => {
    const wrapper = keepErrorFacts(Object.assign(new Error('x'), { code: 'http-503' }), {});
    expect(errorFacts(wrapper)).toEqual({});
    const kept = keepErrorFacts(new Error('y'), { name: 'APIError', reason: { type: 'server_error' } });
    expect(errorFacts(kept)).toEqual({ name: 'APIError', reason: { type: 'server_error' } });
  });
});
