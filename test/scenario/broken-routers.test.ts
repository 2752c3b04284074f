import { describe, expect, it } from 'vitest';
import {
  naiveRetrier,
  referenceWith,
  swallowsStreamErrors,
  unnormalizedFallback,
} from './support/broken-systems.ts';
import { builtIn, checksById, run } from './support/run.ts';

/**
 * Every checker earns its keep: a router with one real-world defect makes the built-in scenario
 * for that defect fail, and the failing check is named. The reference router passes the same run.
 */
describe('deliberately broken routers fail the built-in scenarios, naming the check', () => {
  it('failover off: primary-503-burst fails on availability', async () => {
    const scenario = await builtIn('primary-503-burst');
    const broken = await run(scenario, { system: referenceWith({ errorPolicy: { unavailable: 'stop' } }) });
    expect(broken.report.verdict).toBe('fail');
    expect(checksById(broken.report).availability?.verdict).toBe('fail');
    expect(checksById(broken.report).availability?.message).toMatch(/expected at least 100%/);
    const reference = await run(scenario);
    expect(reference.report.verdict).toBe('pass');
  });

  it('Retry-After ignored: rate-limit-storm fails on retry-after-honoured', async () => {
    const scenario = await builtIn('rate-limit-storm');
    const broken = await run({ ...scenario, properties: [] }, { system: naiveRetrier });
    const check = checksById(broken.report)['retry-after-honoured'];
    expect(check?.verdict).toBe('fail');
    expect(check?.message).toMatch(/before the reset/);
    expect(broken.report.verdict).toBe('fail');
  });

  it('no stream idle timeout: stream-stall fails on fail-fast', async () => {
    const scenario = await builtIn('stream-stall');
    // A short client bound so the stalled streams end the test quickly; the check must still fail.
    const quick = { ...scenario, traffic: { ...scenario.traffic, requestTimeoutMs: 1500 } };
    const broken = await run(quick, { system: referenceWith({ idleTimeoutMs: 600_000 }) });
    const check = checksById(broken.report)['fail-fast'];
    expect(check?.verdict).toBe('fail');
    expect(check?.message).toMatch(/took longer than 600 ms|client-timeout/);
  });

  it('breaker never opens: primary-hang fails on breaker-opens', async () => {
    const scenario = await builtIn('primary-hang');
    const broken = await run(scenario, { system: referenceWith({ breaker: false }) });
    const check = checksById(broken.report)['breaker-opens'];
    expect(check?.verdict).toBe('fail');
    expect(check?.message).toContain('openai');
  });

  it('unnormalized Hugging Face output: fallback-format-parity fails on schema-valid', async () => {
    const scenario = await builtIn('fallback-format-parity');
    const jsonOnly = { ...scenario, traffic: { ...scenario.traffic, streaming: 0 }, properties: [] };
    const broken = await run(jsonOnly, { system: unnormalizedFallback });
    const check = checksById(broken.report)['schema-valid'];
    expect(check?.verdict).toBe('fail');
    expect(check?.message).toMatch(/huggingface/);
    expect(check?.message).toMatch(/finish_reason|refusal/);
  });

  it('a broken stream passed on as a clean end: stream-cut fails on stream-integrity', async () => {
    const scenario = await builtIn('stream-cut');
    const broken = await run(scenario, { system: swallowsStreamErrors });
    const check = checksById(broken.report)['stream-integrity'];
    expect(check?.verdict).toBe('fail');
    expect(check?.message).toMatch(/finish/);
  });
});
