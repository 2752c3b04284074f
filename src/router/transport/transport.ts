import type { ABORT_HANDLE, AbortHandle } from '../signals.ts';

/**
 * The seam between providers and the wire. Providers speak in these terms only, so one
 * fault reaches the router the same way whether it travels through undici's `request()`
 * (the fast path) or through the fetch API (the path MSW and nock intercept).
 */
export interface TransportRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /**
   * Optional: the same abort as `signal`, as a cheaper handle (the router's attempts carry one).
   * A transport that can use it need not read `signal`, which is then never made.
   */
  [ABORT_HANDLE]?: AbortHandle | undefined;
}

export interface TransportResponse {
  status: number;
  /** Lower-cased header lookup. */
  header(name: string): string | undefined;
  /** Every header, lower-cased names. */
  headerEntries(): Array<[string, string]>;
  /** The raw body, consumed once: either iterate it or call `text()`. */
  body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  /** Discards the body so the connection can be reused. */
  discard(): Promise<void>;
  /**
   * Optional: destroys the body and its connection at once, even while a read is pending (an
   * iterator's `return()` waits for that read). Lets a provider drain a stream's tail after
   * `[DONE]` with a bound; without it the body is torn down at `[DONE]` as before.
   */
  abort?(): void;
}

export interface Transport {
  readonly name: string;
  request(request: TransportRequest): Promise<TransportResponse>;
  /** A fetch-compatible function over the same connection pool, for client libraries that take one. */
  readonly fetch: typeof globalThis.fetch;
  close(): Promise<void>;
}
