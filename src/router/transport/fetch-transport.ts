import type { Transport, TransportRequest, TransportResponse } from './transport.ts';

/**
 * A transport over the fetch API. Slower than undici's `request()` (FACTS.md: about 4x), but
 * it is what MSW and nock intercept, so in-process fault backends reach the router through it.
 */
export function fetchTransport(
  fetchImpl: typeof globalThis.fetch = (...args) => globalThis.fetch(...args),
): Transport {
  return {
    name: 'fetch',
    fetch: fetchImpl,
    async request(request: TransportRequest): Promise<TransportResponse> {
      const init: RequestInit = { method: request.method, headers: request.headers, signal: request.signal };
      if (request.body !== undefined) init.body = request.body;
      const response = await fetchImpl(request.url, init);
      return fromFetchResponse(response);
    },
    async close() {},
  };
}

function fromFetchResponse(response: Response): TransportResponse {
  const body = response.body;
  return {
    status: response.status,
    header: (name) => response.headers.get(name) ?? undefined,
    headerEntries: () => [...response.headers.entries()],
    body: body ? readBody(body) : emptyBody(),
    text: () => response.text(),
    async discard() {
      // Not awaited: see readBody.
      void body?.cancel().catch(() => {});
    },
  };
}

/**
 * Reads a web body chunk by chunk. A body left unfinished (the reader stopped early, or the
 * stream broke) is cancelled without waiting: under MSW's interceptor `cancel()` never
 * settles, and awaiting it (as a `for await` over the ReadableStream itself does on exit)
 * would hang the provider past every timeout.
 */
async function* readBody(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!finished) void reader.cancel().catch(() => {});
  }
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}
