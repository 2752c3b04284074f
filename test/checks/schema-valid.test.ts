import { describe, expect, it } from 'vitest';
import { schemaValid } from '../../src/checks/schema-valid.ts';
import { ctx, failed, failedOver, history, request } from './support/history.ts';

describe('schema-valid', () => {
  it('passes when every ok and streamed info answer is schema-valid; failures are not answers', () => {
    const h = history([request(0), failedOver(1, 30), failed(2, { schemaValid: false })]);
    const r = schemaValid(h, {}, ctx);
    expect(r).toMatchObject({ verdict: 'pass', measured: 0 });
    expect(r.message).toContain('all 2 answers');
  });

  it('fails naming the provider and the first schema error', () => {
    const h = history([
      request(0),
      failedOver(1, 30, {
        schemaValid: false,
        schemaError: "/choices/0/message must have required property 'role'",
      }),
      request(2, {
        stream: true,
        completion: 'info',
        schemaValid: false,
        schemaError: '/object must be equal to constant',
      }),
      request(3, { schemaValid: undefined }),
    ]);
    const r = schemaValid(h, {}, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 3 });
    expect(r.message).toContain('3 of 4 from huggingface, openai were not (#1, #2, #3)');
    expect(r.message).toContain(
      "first, #1 from huggingface: /choices/0/message must have required property 'role'",
    );
  });

  it('is vacuous (fail) when nothing was answered', () => {
    const r = schemaValid(history([failed(0)]), {}, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('vacuous');
  });
});
