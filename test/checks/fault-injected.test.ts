import { describe, expect, it } from 'vitest';
import { faultInjected } from '../../src/checks/fault-injected.ts';
import type { FaultWindow } from '../../src/history/history.ts';
import { ctx, history, request } from './support/history.ts';

const faults: FaultWindow[] = [
  { index: 0, kind: 'http-error', target: 'openai', startMs: 0 },
  { index: 1, kind: 'model-missing', target: 'huggingface', startMs: 0, endMs: 500 },
];

describe('fault-injected', () => {
  it('passes when every fault fired', () => {
    const r = faultInjected(history([request(0)], { faults, injected: [12, 1] }), {}, ctx);
    expect(r).toMatchObject({ verdict: 'pass', measured: [12, 1] });
    expect(r.message).toContain('http-error on openai ×12, model-missing on huggingface ×1');
  });

  it('fails as vacuous, naming the fault that never fired', () => {
    const r = faultInjected(history([request(0)], { faults, injected: [12] }), {}, ctx);
    expect(r).toMatchObject({ verdict: 'fail', measured: [12, 0] });
    expect(r.message).toContain('never injected: fault 1 (model-missing on huggingface)');
    expect(r.message).not.toContain('fault 0');
  });

  it('passes a scenario without faults', () => {
    expect(faultInjected(history([request(0)]), {}, ctx).verdict).toBe('pass');
  });
});
