import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

/**
 * Server-sent events decoded from bytes as they arrive, synchronously: `feed` hands back the
 * events each piece completes, so a reader handles every event of a read in one loop instead of
 * one promise per event. An event the stream cut mid-way is never handed back (not even by
 * `end`), so a truncated JSON payload cannot pass as a chunk.
 */
export class SseDecoder {
  #pending: EventSourceMessage[] = [];
  readonly #parser: EventSourceParser = createParser({ onEvent: (event) => this.#pending.push(event) });
  // Node's StringDecoder: a character split between reads is held back, as TextDecoder's stream
  // mode does, at a fraction of its cost per read.
  readonly #decoder = new StringDecoder('utf8');

  #started = false;

  /** The events `bytes` completes (an empty array when none). */
  feed(bytes: Uint8Array): EventSourceMessage[] {
    this.#push(this.#decoder.write(bytes));
    return this.#take();
  }

  /** The events complete once the bytes have ended (a character split at the very end is flushed). */
  end(): EventSourceMessage[] {
    this.#push(this.#decoder.end());
    return this.#take();
  }

  /** A byte order mark opening the stream is dropped, as the SSE spec's decoder (and TextDecoder) do. */
  #push(text: string): void {
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.#parser.feed(text);
  }

  #take(): EventSourceMessage[] {
    const events = this.#pending;
    if (events.length > 0) this.#pending = [];
    return events;
  }
}

/**
 * Reads server-sent events off a byte stream. Yields each complete event; an event the
 * stream cut mid-way is never yielded, so a truncated JSON payload cannot pass as a chunk.
 * Owns the body: ending early tears it down.
 */
export async function* readServerSentEvents(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<EventSourceMessage> {
  const bytes = body[Symbol.asyncIterator]();
  try {
    yield* readServerSentEventsFrom(bytes);
  } finally {
    await bytes.return?.();
  }
}

/**
 * The same, off a body iterator the caller keeps: ending this generator neither reads on nor
 * tears the body down, so the caller chooses between draining it (after `[DONE]`, to reuse the
 * connection) and destroying it (a break).
 */
export async function* readServerSentEventsFrom(
  body: AsyncIterator<Uint8Array>,
): AsyncGenerator<EventSourceMessage> {
  const decoder = new SseDecoder();
  for (;;) {
    const next = await body.next();
    if (next.done) break;
    for (const event of decoder.feed(next.value)) yield event;
  }
  for (const event of decoder.end()) yield event;
}
