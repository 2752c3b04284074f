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
    body: body ? (body as unknown as AsyncIterable<Uint8Array>) : emptyBody(),
    text: () => response.text(),
    async discard() {
      await body?.cancel().catch(() => {});
    },
  };
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}
