/**
 * An answer with nothing in it: a reasoning model that spent its whole `max_tokens` budget on
 * hidden reasoning answers 200, schema-valid, with `content: ""` and `finish_reason: "length"`.
 * Passing that on serves nothing as if it were an answer; it is a provider failure (`malformed`,
 * detail `no-content`), so the router fails over. An empty answer that stopped on its own
 * (`stop`) is the model's choice and passes.
 */
import { ProviderError } from './errors.ts';
import type { ChatCompletion, ChatCompletionChunk } from './types.ts';

function noContent(provider: string): ProviderError {
  return new ProviderError(
    'malformed',
    `${provider} answered with no content: the token budget ran out before any (finish_reason "length")`,
    { provider, detail: 'no-content' },
  );
}

/** Throws when every choice ran out of tokens before writing anything. */
export function assertHasContent(completion: ChatCompletion, provider: string): ChatCompletion {
  const empty =
    completion.choices.length > 0 &&
    completion.choices.every(
      (c) => c.finish_reason === 'length' && !c.message.content && !c.message.tool_calls?.length,
    );
  if (empty) throw noContent(provider);
  return completion;
}

const carries = (chunk: ChatCompletionChunk) =>
  chunk.choices.some((c) => Boolean(c.delta.content) || Boolean(c.delta.tool_calls?.length));

/**
 * Holds a stream's leading chunks (the role chunk) until one carries content, so an answer that
 * ends with none fails before its first chunk reaches the caller, while failover is still
 * invisible. A stream that finishes with no content and `finish_reason: "length"` throws.
 */
export async function* holdUntilContent(
  source: AsyncIterable<ChatCompletionChunk>,
  provider: string,
): AsyncGenerator<ChatCompletionChunk> {
  const held: ChatCompletionChunk[] = [];
  let flowing = false;
  for await (const chunk of source) {
    if (flowing) {
      yield chunk;
      continue;
    }
    held.push(chunk);
    const finish = chunk.choices.find((c) => c.finish_reason != null)?.finish_reason;
    if (!carries(chunk) && finish === undefined) continue;
    if (!carries(chunk) && finish === 'length') throw noContent(provider);
    flowing = true;
    yield* held.splice(0);
  }
  // Ended before any content or finish: hand over what came (the router judges the missing finish).
  yield* held;
}
