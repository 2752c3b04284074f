import { createParser, type EventSourceMessage } from 'eventsource-parser';

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
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  const decoder = new TextDecoder();
  for (;;) {
    const next = await body.next();
    if (next.done) break;
    parser.feed(decoder.decode(next.value, { stream: true }));
    while (pending.length > 0) yield pending.shift() as EventSourceMessage;
  }
  parser.feed(decoder.decode());
  while (pending.length > 0) yield pending.shift() as EventSourceMessage;
}
