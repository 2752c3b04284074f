import type { HuggingFaceEndpoint, OpenAIEndpoint } from '../faults/endpoints.ts';
import type { AttemptRecord } from '../router/errors.ts';
import type { Transport } from '../router/transport/transport.ts';
import type { ChatRequest } from '../router/types.ts';
import type { RouterConfig } from './router-config.ts';

/**
 * The URLs each provider client is pointed at, by provider name; any may be absent (the client's
 * default: the real API). A backend's `ProviderEndpoints` (src/faults/endpoints.ts) is one.
 */
export type ProviderUrls = Record<string, Partial<OpenAIEndpoint & HuggingFaceEndpoint>>;

/** Test credentials: fake, but shaped like real keys so the no-secrets check would catch a leak. */
export interface Credentials {
  openaiKey: string;
  hfToken: string;
}

/** What the runner learns of how a request was routed (absent for a black-box gateway). */
export interface ObservedRoute {
  provider?: string;
  attempts?: AttemptRecord[];
  skipped?: string[];
  failoverMs?: number;
}

/** A streamed answer: the chunks, and the route as far as it is known once the stream ends. */
export interface ObservedStream extends AsyncIterable<unknown> {
  route(): ObservedRoute;
}

/**
 * The router under test, as the runner drives it: the reference router, a deliberately broken
 * one in tests, or an OpenAI-compatible gateway reached over HTTP. Errors are whatever it throws;
 * the recorder reads `code`, `message`, `retryAfterMs` and `attempts` when present.
 */
export interface SystemUnderTest {
  chat(request: ChatRequest, signal: AbortSignal): Promise<{ completion: unknown; route: ObservedRoute }>;
  stream(request: ChatRequest, signal: AbortSignal): ObservedStream;
  /** A provider's health probe, where the system offers one (the reference router does). */
  probe?(provider: string): Promise<{ ok: boolean; ms: number; error?: { code: string; message: string } }>;
  /** Breaker transitions, where the system reports them. */
  onBreaker?(listener: (event: { provider: string; from: string; to: string; reason: string }) => void): void;
  close(): Promise<void>;
}

/** Builds the system under test; tests substitute deliberately broken routers here. */
export type SystemFactory = (input: {
  config: RouterConfig;
  endpoints: ProviderUrls;
  credentials: Credentials;
  transport: Transport;
  random: () => number;
}) => SystemUnderTest;
