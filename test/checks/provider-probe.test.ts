import { describe, expect, it } from 'vitest';
import { providerProbe } from '../../src/checks/provider-probe.ts';
import { ctx, history, request } from './support/history.ts';

const broken = {
  provider: 'huggingface',
  atMs: 0,
  ok: false,
  ms: 3,
  error: { code: 'model-missing', message: 'the model repo openai/gpt-oss-20b was not found on the hub' },
};
const healthy = { provider: 'huggingface', atMs: 0, ok: true, ms: 2 };

describe('provider-probe', () => {
  it('passes when the probe caught the broken fallback, and says what it found', () => {
    const r = providerProbe(
      { ...history([request(0)]), probes: [broken] },
      { provider: 'huggingface', expect: 'broken' },
      ctx,
    );
    expect(r).toMatchObject({ verdict: 'pass', measured: 'broken' });
    expect(r.message).toContain('model-missing');
  });

  it('fails when a broken fallback went unnoticed', () => {
    const r = providerProbe(
      { ...history([request(0)]), probes: [healthy] },
      { provider: 'huggingface', expect: 'broken' },
      ctx,
    );
    expect(r).toMatchObject({ verdict: 'fail', measured: 'healthy' });
    expect(r.message).toContain('expected huggingface');
  });

  it('fails when a provider expected healthy is broken', () => {
    const r = providerProbe(
      { ...history([request(0)]), probes: [broken] },
      { provider: 'huggingface', expect: 'healthy' },
      ctx,
    );
    expect(r.verdict).toBe('fail');
  });

  it("names the runner's probe when the runner probed a black box itself", () => {
    const r = providerProbe(
      { ...history([request(0)]), probes: [{ ...broken, by: 'runner' as const }] },
      { provider: 'huggingface', expect: 'broken' },
      ctx,
    );
    expect(r).toMatchObject({ verdict: 'pass', measured: 'broken' });
    expect(r.message).toContain("the runner's probe of huggingface (the system under test offers none)");
    const own = providerProbe(
      { ...history([request(0)]), probes: [{ ...broken, by: 'system' as const }] },
      { provider: 'huggingface', expect: 'broken' },
      ctx,
    );
    expect(own.message).toMatch(/^huggingface's probe found it broken/);
  });

  it('is not applicable when the system offers no probe (a black box), never a failure', () => {
    const r = providerProbe(
      { ...history([request(0)]), probes: [] },
      { provider: 'huggingface', expect: 'broken' },
      ctx,
    );
    expect(r).toMatchObject({ verdict: 'not-applicable', measured: null });
    expect(r.message).toContain('offers no provider probe');
  });

  it('is vacuous when other providers were probed but not this one', () => {
    const r = providerProbe(
      { ...history([request(0)]), probes: [{ provider: 'openai', atMs: 0, ok: true, ms: 3 }] },
      { provider: 'huggingface', expect: 'broken' },
      ctx,
    );
    expect(r).toMatchObject({ verdict: 'fail', measured: null });
    expect(r.message).toContain('vacuous');
  });
});
