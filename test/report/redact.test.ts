import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED, redactDeep, secretsFromEnv } from '../../src/report/redact.ts';

describe('redaction', () => {
  const redact = createRedactor([]);

  it('removes OpenAI keys and Hugging Face tokens wherever they appear', () => {
    expect(redact('key sk-proj-abcdefghij0123456789 in a sentence')).toBe(`key sk-${REDACTED} in a sentence`);
    expect(redact('token=hf_AbCdEfGhIjKlMnOp')).not.toContain('AbCdEf');
    expect(redact('"hf_AbCdEfGhIjKlMnOp"')).toBe(`"hf_${REDACTED}"`);
  });

  it('removes authorization and api-key header values in header, JSON and query form', () => {
    expect(redact('Authorization: Bearer abc.def-123')).toBe(`Authorization: ${REDACTED}`);
    expect(redact('{"authorization":"Basic dXNlcjpwYXNz"}')).toBe(`{"authorization":"${REDACTED}"}`);
    expect(redact('proxy-authorization=opaque123')).toBe(`proxy-authorization=${REDACTED}`);
    expect(redact('x-api-key: 1234567890abcdef')).toBe(`x-api-key: ${REDACTED}`);
    expect(redact('GET /v1?api_key=secretvalue&model=x')).toBe(`GET /v1?api_key=${REDACTED}&model=x`);
    expect(redact('sent Bearer eyJhbGciOi.payload.sig to it')).toBe(`sent Bearer ${REDACTED} to it`);
  });

  it('leaves ordinary text alone', () => {
    const text = 'risk-averse task-force: http-error 503 from openai after 1200 ms; tokens 42';
    expect(redact(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = redact('Authorization: Bearer sk-abcdefghijkl and hf_abcdefghijkl');
    expect(redact(once)).toBe(once);
  });

  it('removes the values of KEY/TOKEN/SECRET environment variables, and only those', () => {
    const env = {
      MY_SERVICE_KEY: 'plain-value-without-prefix-1',
      GITHUB_TOKEN: 'ghs_0123456789abcdef',
      CLIENT_SECRET: 'short',
      HOME: '/home/someone-long-path',
    };
    expect(secretsFromEnv(env)).toEqual(['plain-value-without-prefix-1', 'ghs_0123456789abcdef']);
    const fromEnv = createRedactor(secretsFromEnv(env));
    expect(
      fromEnv('saw plain-value-without-prefix-1 and ghs_0123456789abcdef in /home/someone-long-path'),
    ).toBe(`saw ${REDACTED} and ${REDACTED} in /home/someone-long-path`);
  });

  it('walks objects deeply, replaces secret-named fields whole, and keeps numbers and NaN', () => {
    const input = {
      message: 'key sk-abcdefghijklmnop',
      headers: { authorization: 'opaque', 'x-request-id': 'req_1' },
      nested: [{ token: 'abc', tokens: 12, latency: Number.NaN }],
    };
    const out = redactDeep(input, redact);
    expect(out).toEqual({
      message: `key sk-${REDACTED}`,
      headers: { authorization: REDACTED, 'x-request-id': 'req_1' },
      nested: [{ token: REDACTED, tokens: 12, latency: Number.NaN }],
    });
    expect(input.headers.authorization).toBe('opaque');
  });
});
