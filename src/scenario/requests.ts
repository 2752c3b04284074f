import fc from 'fast-check';
import type { ChatRequest } from '../router/types.ts';

/**
 * Request bodies drawn from fast-check arbitraries: unicode text of any length (empty too),
 * one to four messages, and the parameters real callers set. Seeded, so a run replays.
 */
export const chatRequestArbitrary: fc.Arbitrary<ChatRequest> = fc
  .record(
    {
      system: fc.option(fc.string({ unit: 'grapheme', maxLength: 80 }), { nil: undefined }),
      turns: fc.array(fc.string({ unit: 'grapheme', maxLength: 200 }), { minLength: 1, maxLength: 3 }),
      max_tokens: fc.option(fc.integer({ min: 1, max: 512 }), { nil: undefined }),
      temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true, noDefaultInfinity: true }), {
        nil: undefined,
      }),
      top_p: fc.option(fc.double({ min: 0.01, max: 1, noNaN: true, noDefaultInfinity: true }), {
        nil: undefined,
      }),
    },
    { requiredKeys: ['turns'] },
  )
  .map(({ system, turns, max_tokens, temperature, top_p }) => {
    const messages: ChatRequest['messages'] = [];
    if (system !== undefined) messages.push({ role: 'system', content: system });
    for (const [i, content] of turns.entries())
      messages.push({ role: i % 2 === 0 ? 'user' : 'assistant', content });
    if (messages[messages.length - 1]?.role !== 'user') messages.push({ role: 'user', content: 'Go on.' });
    const request: ChatRequest = { messages };
    if (max_tokens !== undefined) request.max_tokens = max_tokens;
    if (temperature !== undefined) request.temperature = temperature;
    if (top_p !== undefined) request.top_p = top_p;
    return request;
  });

/** `count` request bodies, the same for the same seed. */
export function sampleRequests(count: number, seed: number): ChatRequest[] {
  if (count === 0) return [];
  return fc.sample(chatRequestArbitrary, { seed, numRuns: count });
}
