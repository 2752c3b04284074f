import { describe, expect, it } from 'vitest';
import {
  decodeRouteHeaders,
  encodeFailedRouteHeaders,
  encodeRouteHeaders,
  ROUTE_HEADERS,
} from '../../src/gateway/route-headers.ts';
import type { AttemptRecord } from '../../src/router/errors.ts';

const attempts: AttemptRecord[] = [
  { provider: 'openai', outcome: 'unavailable', status: 503, startMs: 0, ms: 2.5 },
  { provider: 'huggingface', outcome: 'ok', status: 200, startMs: 2.5, ms: 7 },
];

describe('route headers: what the gateway writes, a client reads back', () => {
  it('round-trips a served route through real HTTP headers', () => {
    const headers = new Headers(
      encodeRouteHeaders(
        {
          provider: 'huggingface',
          attempts,
          failoverMs: 2.5,
          latencyMs: 9.5,
          skipped: [{ provider: 'groq', reason: 'circuit-open' }],
        },
        1_764_500_000_000.25,
      ),
    );
    expect(headers.get('x-brownout-provider')).toBe('huggingface');
    expect(decodeRouteHeaders(headers)).toEqual({
      provider: 'huggingface',
      attempts,
      failoverMs: 2.5,
      skipped: ['groq'],
      startedAt: 1_764_500_000_000.25,
    });
  });

  it('a failure names its attempts and no provider; an unknown start is left out', () => {
    const headers = new Headers(encodeFailedRouteHeaders(attempts, undefined));
    expect(headers.get(ROUTE_HEADERS.provider)).toBeNull();
    expect(JSON.parse(headers.get('x-brownout-route') ?? '')).toEqual({ attempts });
    expect(decodeRouteHeaders(headers)).toEqual({ attempts });
  });

  it('reads nothing from a black box', () => {
    expect(decodeRouteHeaders(new Headers())).toEqual({});
    expect(decodeRouteHeaders(undefined)).toEqual({});
  });

  it.each([
    ['not JSON', '{'],
    ['JSON null', 'null'],
    ['a number', '42'],
    [
      'fields of the wrong type',
      JSON.stringify({ attempts: 'two', failoverMs: '3', skipped: {}, startedAt: '1' }),
    ],
    ['a start out of range', '{"startedAt": 1e999}'],
  ])('keeps the provider and ignores a route header holding %s', (_what, raw) => {
    const headers = new Headers({ [ROUTE_HEADERS.provider]: 'openai', [ROUTE_HEADERS.route]: raw });
    expect(decodeRouteHeaders(headers)).toEqual({ provider: 'openai' });
  });
});
