import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * Reads server-sent events off a byte stream. Yields each complete event; an event the
 * stream cut mid-way is never yielded, so a truncated JSON payload cannot pass as a chunk.
 */
export async function* readServerSentEvents(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<EventSourceMessage> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  const decoder = new TextDecoder();
  for await (const bytes of body) {
    parser.feed(decoder.decode(bytes, { stream: true }));
    while (pending.length > 0) yield pending.shift() as EventSourceMessage;
  }
  parser.feed(decoder.decode());
  while (pending.length > 0) yield pending.shift() as EventSourceMessage;
}
