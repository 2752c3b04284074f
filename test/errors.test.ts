import { describe, expect, it } from 'vitest';
import { quantile } from '../src/checks/quantiles.ts';
import {
  BROWNOUT_ERROR_CODES,
  type BrownoutErrorCode,
  BrownoutRangeError,
  BrownoutTypeError,
  isBrownoutError,
} from '../src/errors.ts';
import { UpstreamRecorder } from '../src/faults/upstream-recorder.ts';
import { correlationTag, useCassette } from '../src/index.ts';
import { scriptText } from '../src/report/html/escape.ts';
import { diffReports } from '../src/report/index.ts';
import { freshGatewayPerScenario } from '../src/systems/fresh-gateway.ts';
import { targetHeadersFromEnv } from '../src/systems/gateway.ts';
import { substitute } from '../src/systems/gateway-process.ts';
import { buildProviders } from '../src/systems/reference.ts';
import { sampleReport } from './report/support/sample-report.ts';

/** Every bare-argument mistake throws brownout's error: a stable code, the old base class, no prefix. */

async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const report = sampleReport();

describe('each code is thrown where the table in src/errors.ts says', () => {
  it.each<[BrownoutErrorCode, 'range' | 'type', () => unknown, RegExp]>([
    ['BROWNOUT_CORRELATION_KEY', 'range', () => correlationTag('has space'), /^correlation key must match/],
    [
      'BROWNOUT_UPSTREAM_RECORD_CAP',
      'range',
      () => new UpstreamRecorder(0),
      /^upstream record cap must be an integer >= 1, got 0$/,
    ],
    [
      'BROWNOUT_CASSETTE_MODE',
      'type',
      () => useCassette('x.json', { dir: '/nonexistent', mode: 'rewind' as never }),
      /^cassette mode must be record, update or replay, got "rewind"$/,
    ],
    [
      'BROWNOUT_QUANTILE_INPUT',
      'range',
      () => quantile([1], 1.5),
      /^quantile must be in the range \[0, 1\], got 1\.5$/,
    ],
    ['BROWNOUT_QUANTILE_INPUT', 'range', () => quantile([1, Number.NaN], 0.5), /a sample is NaN/],
    [
      'BROWNOUT_DIFF_OPTIONS',
      'range',
      () => diffReports(report, report, { tolerance: -1 }),
      /^tolerance must be 0/,
    ],
    [
      'BROWNOUT_DIFF_OPTIONS',
      'range',
      () => diffReports(report, report, { minDeltaMs: -1 }),
      /^minDeltaMs must be 0/,
    ],
    ['BROWNOUT_UNSAFE_INLINE_SCRIPT', 'range', () => scriptText('a</script>b'), /^inline script contains/],
    [
      'BROWNOUT_GATEWAY_COMMAND',
      'range',
      () => substitute('gw --port {port} --up {upstrem}', { port: '1', upstream: 'u' }),
      /^the gateway command uses \{upstrem\}, which brownout does not fill in \(it fills \{port\}, \{upstream\}\)$/,
    ],
    [
      'BROWNOUT_TARGET_HEADERS',
      'type',
      () => targetHeadersFromEnv({ BROWNOUT_TARGET_HEADERS: '["x"]' }),
      /^BROWNOUT_TARGET_HEADERS must be a JSON object/,
    ],
    [
      'BROWNOUT_TARGET_HEADERS',
      'type',
      () => targetHeadersFromEnv({ BROWNOUT_TARGET_HEADERS: '{' }),
      /^BROWNOUT_TARGET_HEADERS must be a JSON object/,
    ],
    [
      'BROWNOUT_PROVIDER_ENDPOINT',
      'type',
      () =>
        buildProviders(
          { providers: [{ type: 'openai-compatible', name: 'local' }] },
          {},
          { openaiKey: 'k', hfToken: 't' },
        ),
      /^provider "local": the backend has no endpoint for it$/,
    ],
    [
      'BROWNOUT_TARGET_CMD',
      'type',
      () =>
        freshGatewayPerScenario({
          command: 'true',
          startBackend: () => Promise.reject(new Error('not called')),
        }).system({} as never),
      /^--target-cmd: no gateway is running for this scenario$/,
    ],
  ])('%s (%s): %s', async (code, base, fn, message) => {
    const error = await thrown(fn);
    expect(error).toBeInstanceOf(base === 'range' ? BrownoutRangeError : BrownoutTypeError);
    // The built-in base class it had before it had a code still holds.
    expect(error).toBeInstanceOf(base === 'range' ? RangeError : TypeError);
    expect(error).toMatchObject({
      code,
      name: base === 'range' ? 'BrownoutRangeError' : 'BrownoutTypeError',
    });
    expect((error as Error).message).toMatch(message);
    expect(isBrownoutError(error, code)).toBe(true);
  });
});

describe('isBrownoutError', () => {
  it('holds for a copy from another copy of the package, by code, and not for a bare error', () => {
    const copy = Object.assign(new RangeError('x'), { code: 'BROWNOUT_DIFF_OPTIONS' });
    expect(isBrownoutError(copy)).toBe(true);
    expect(isBrownoutError(copy, 'BROWNOUT_DIFF_OPTIONS')).toBe(true);
    expect(isBrownoutError(copy, 'BROWNOUT_QUANTILE_INPUT')).toBe(false);
    expect(isBrownoutError(new RangeError('x'))).toBe(false);
    expect(isBrownoutError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false);
    expect(isBrownoutError(undefined)).toBe(false);
  });

  it('codes are unique and all start with BROWNOUT_', () => {
    expect(new Set(BROWNOUT_ERROR_CODES).size).toBe(BROWNOUT_ERROR_CODES.length);
    for (const code of BROWNOUT_ERROR_CODES) expect(code).toMatch(/^BROWNOUT_[A-Z_]+$/);
  });
});
