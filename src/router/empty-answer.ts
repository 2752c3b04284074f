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
 * invisible. Synchronous, for a provider's own read loop (no generator per chunk): `flowing` once
 * content came, then chunks pass straight on.
 */
export class ContentGate {
  #held: ChatCompletionChunk[] | undefined = [];
  constructor(readonly provider: string) {}

  /** Content has come: every later chunk passes on as it comes. */
  get flowing(): boolean {
    return this.#held === undefined;
  }

  /**
   * Takes a chunk while not flowing: undefined while it is held, or every held chunk and this one
   * once it carries content or a finish. Throws on a stream that finishes with no content and
   * `finish_reason: "length"`.
   */
  hold(chunk: ChatCompletionChunk): ChatCompletionChunk[] | undefined {
    const held = this.#held ?? [];
    held.push(chunk);
    const finish = chunk.choices.find((c) => c.finish_reason != null)?.finish_reason;
    if (!carries(chunk) && finish === undefined) return undefined;
    if (!carries(chunk) && finish === 'length') throw noContent(this.provider);
    this.#held = undefined;
    return held;
  }

  /** At the end, what is still held (the stream ended before content or a finish: the router judges it). */
  rest(): ChatCompletionChunk[] {
    const held = this.#held ?? [];
    this.#held = undefined;
    return held;
  }
}

/** {@link ContentGate} around any chunk source. */
export async function* holdUntilContent(
  source: AsyncIterable<ChatCompletionChunk>,
  provider: string,
): AsyncGenerator<ChatCompletionChunk> {
  const gate = new ContentGate(provider);
  for await (const chunk of source) {
    if (gate.flowing) {
      yield chunk;
      continue;
    }
    const released = gate.hold(chunk);
    if (released) for (const c of released) yield c;
  }
  for (const c of gate.rest()) yield c;
}
