import { describe, expect, it } from 'vitest';
import { isRouterError } from '../../src/router/errors.ts';
import { assertEncodable, MAX_REQUEST_DEPTH } from '../../src/router/request-encoding.ts';
import type { ChatRequest } from '../../src/router/types.ts';

/** A request whose message content nests `levels` objects below the request itself. */
function nested(levels: number): ChatRequest {
  // request (1) > messages (2) > message (3) > content arrays...
  let content: unknown = 'hi';
  for (let i = 0; i < levels - 3; i++) content = [content];
  return { messages: [{ role: 'user', content: content as never }] };
}

function refusal(request: unknown): string {
  try {
    assertEncodable(request as ChatRequest);
  } catch (error) {
    if (isRouterError(error) && error.code === 'bad-request' && error.attempts.length === 0)
      return error.message;
    throw error;
  }
  return 'accepted';
}

describe('assertEncodable: one walk checks the depth and whether a trial encoding is needed', () => {
  it(`accepts ${MAX_REQUEST_DEPTH} levels and refuses one more`, () => {
    expect(refusal(nested(MAX_REQUEST_DEPTH))).toBe('accepted');
    expect(refusal(nested(MAX_REQUEST_DEPTH + 1))).toMatch(/nests deeper than 64 levels/);
  });

  it('a parsed JSON body of any shape within the depth is accepted', () => {
    const body = JSON.parse(
      '{"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"toJSON":1,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"string"}}}}}]}',
    );
    expect(refusal(body)).toBe('accepted');
  });

  it('a value shared in two places is not a cycle', () => {
    const shared = { type: 'text', text: 'hi' };
    expect(refusal({ messages: [{ role: 'user', content: [shared, shared] }] })).toBe('accepted');
  });

  it('non-plain values that encode are accepted (a Date, a null-prototype object)', () => {
    const bare = Object.assign(Object.create(null), { role: 'user', content: 'hi' });
    expect(refusal({ messages: [bare], metadata: { at: new Date(0) } })).toBe('accepted');
  });

  it.each<[string, () => unknown]>([
    ['a BigInt deep inside', () => ({ messages: [{ role: 'user', content: [{ n: 10n }] }] })],
    [
      'a toJSON that throws on a plain object',
      () => ({
        messages: [
          {
            role: 'user',
            content: {
              toJSON() {
                throw new Error('no');
              },
            },
          },
        ],
      }),
    ],
    [
      'a class whose toJSON throws',
      () => {
        class Secret {
          toJSON(): never {
            throw new Error('not for the wire');
          }
        }
        return { messages: [{ role: 'user', content: new Secret() }] };
      },
    ],
  ])('%s: refused as unencodable', (_what, make) => {
    expect(refusal(make())).toMatch(/cannot be encoded as JSON/);
  });

  it('a cycle is refused as too deep, however wide', () => {
    const content: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < 50; i++) content[`k${i}`] = content;
    expect(refusal({ messages: [{ role: 'user', content }] })).toMatch(/nests deeper/);
  });

  it('no messages: refused', () => {
    expect(refusal({ messages: [] })).toMatch(/non-empty `messages`/);
    expect(refusal(null)).toMatch(/non-empty `messages`/);
  });
});
