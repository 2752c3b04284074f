import { describe, expect, it } from 'vitest';
import { noSecrets } from '../../src/checks/no-secrets.ts';
import { ctx, failed, history, request } from './support/history.ts';

// Built at run time so that no key-shaped literal sits in the source.
const openaiKey = ['sk', 'proj', 'A1b2C3d4E5f6G7h8I9j0K1l2'].join('-');
const hfToken = `hf_${'Q'.repeat(30)}`;
const jwt = `eyJhbGciOiJIUzI1NiJ9.${'x'.repeat(20)}`;

describe('no-secrets', () => {
  it('passes on ordinary outputs and errors, including masked keys and placeholder prose', () => {
    const h = history([
      request(0),
      failed(1, {
        error: {
          code: 'all-providers-failed',
          message:
            'openai: 401 Incorrect API key provided: sk-proj-****l2. Use an Authorization header with Bearer YOUR_KEY',
        },
      }),
    ]);
    const r = noSecrets(h, {}, { ...ctx, secrets: [openaiKey, ''] });
    expect(r).toMatchObject({ verdict: 'pass', measured: 0 });
  });

  it('fails on a scenario secret, naming the request and field but not the secret', () => {
    const secret = 'plain-password-123';
    const h = history([request(0), request(1, { outputSample: `the key is ${secret}` })]);
    const r = noSecrets(h, {}, { ...ctx, secrets: ['other', secret] });
    expect(r).toMatchObject({ verdict: 'fail', measured: 1 });
    expect(r.message).toContain('#1 output holds secret 2 of the scenario');
    expect(r.message).not.toContain(secret);
  });

  it('fails on key-shaped text in outputs, error messages and schema errors', () => {
    const h = history([
      request(0, { outputSample: `use ${openaiKey}` }),
      failed(1, { error: { code: 'all-providers-failed', message: `401 for token ${hfToken}` } }),
      request(2, { schemaValid: false, schemaError: `header Authorization: Bearer ${jwt}` }),
    ]);
    const r = noSecrets(h, {}, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 3 });
    expect(r.message).toContain('#0 output holds an OpenAI-style key');
    expect(r.message).toContain('#1 error message holds a Hugging Face token');
    expect(r.message).toContain('#2 schema error holds a Bearer token');
    for (const s of [openaiKey, hfToken, jwt]) expect(r.message).not.toContain(s);
  });
});
