import { describe, expect, it } from 'vitest';
import { faultInjected } from '../../src/checks/fault-injected.ts';
import type { FaultWindow } from '../../src/history/history.ts';
import { ctx, history, request, upstreamAttempt } from './support/history.ts';

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

  it("counts the runner's probe as the fault firing, and says the system never reached it", () => {
    const probe = upstreamAttempt('huggingface', 1, 2, 3, {
      operation: 'hub-model-info',
      probe: 'r.probe',
      status: 404,
      fault: { index: 0, kind: 'model-missing' },
    });
    const only = history([request(0)], {
      faults: [{ index: 0, kind: 'model-missing', target: 'huggingface', startMs: 0 }],
      injected: [1],
      upstream: { attempts: [upstreamAttempt('openai', 2, 10, 20)], probes: [probe], dropped: 0 },
    });
    const r = faultInjected(only, {}, ctx);
    expect(r).toMatchObject({ verdict: 'pass', measured: [1] });
    expect(r.message).toContain("model-missing on huggingface ×1 (on the runner's probe only");
    const both = faultInjected({ ...only, injected: [3] }, {}, ctx);
    expect(both.message).toContain("×3 (1 on the runner's probe)");
  });

  it('passes a scenario without faults', () => {
    expect(faultInjected(history([request(0)]), {}, ctx).verdict).toBe('pass');
  });
});
