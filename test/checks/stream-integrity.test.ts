import { describe, expect, it } from 'vitest';
import { streamIntegrity } from '../../src/checks/stream-integrity.ts';
import { ctx, history, request } from './support/history.ts';

const cut = { code: 'stream-interrupted', message: 'the stream from openai broke after 3 chunks' };

describe('stream-integrity', () => {
  it('passes when streams end with a finish_reason or an error the caller saw', () => {
    const h = history([
      request(0, { stream: true, chunks: 5 }),
      request(1, { stream: true, chunks: 3, completion: 'info', finishReason: undefined, error: cut }),
      request(2, { finishReason: undefined }), // not a stream
    ]);
    const r = streamIntegrity(h, {}, ctx);
    expect(r).toMatchObject({ verdict: 'pass', measured: 0, threshold: 0 });
    expect(r.message).toContain('all 2 streams');
  });

  it('fails on an ok stream without a finish_reason and on a clean close without one', () => {
    const h = history([
      request(0, { stream: true, chunks: 5 }),
      request(1, { stream: true, chunks: 4, finishReason: undefined }),
      request(2, { stream: true, chunks: 2, completion: 'info', finishReason: undefined }),
    ]);
    const r = streamIntegrity(h, {}, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: 2 });
    expect(r.message).toContain(
      '2 of 3 ended without either: #1 (ok from openai, 4 chunks), #2 (info from openai, 2 chunks)',
    );
  });

  it('is vacuous (fail) without any stream', () => {
    const r = streamIntegrity(history([request(0)]), {}, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.message).toContain('vacuous');
  });
});
