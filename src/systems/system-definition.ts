/**
 * A team's own failover code as the system under test (`brownout run --system ./my-system.ts`).
 * The module exports `defineSystem({ name, chat, stream, close? })` as its default export; the
 * runner calls `chat` and `stream` with each scenario's requests, and tells the code where the
 * providers live for that scenario (the real hosts, which the in-process backends intercept, or the
 * loopback fault server).
 */
import type { AttemptRecord } from '../router/errors.ts';
import type { ChatRequest } from '../router/types.ts';

/**
 * The HTTP client the system's requests go through; it decides which fault backends reach them.
 * `fetch`: the global fetch (the `openai` SDK, the Vercel AI SDK, LangChain.js); `node-http`:
 * node:http(s) (axios, got); `undici`: `request`/`fetch` imported from the undici package.
 */
export type SystemHttpClient = 'fetch' | 'node-http' | 'undici';

export const SYSTEM_HTTP_CLIENTS: readonly SystemHttpClient[] = ['fetch', 'node-http', 'undici'];

/** One provider, as an OpenAI-compatible client is configured with it. */
export interface SystemProvider {
  /** OpenAI-compatible base URL, ending in `/v1` (e.g. `https://router.huggingface.co/v1`). */
  baseURL: string;
  /** A fake key for this run (the fake providers accept any); shaped like a real one. */
  apiKey: string;
  /** The model the scenario configures for this provider. */
  model: string;
}

/** The providers of a scenario, by name: `openai`, `huggingface`, and any other the scenario configures. */
export interface SystemProviders {
  openai: SystemProvider;
  huggingface: SystemProvider;
  [name: string]: SystemProvider;
}

/**
 * The budget the scenario gives the reference router. Configure your clients from it for a
 * like-for-like comparison, or ignore it to test your production settings as they are.
 */
export interface SystemPolicy {
  /** One attempt's timeout. */
  attemptTimeoutMs: number;
  /** The whole request's budget, across retries and failover. */
  deadlineMs: number;
  /** Retries per provider. */
  maxRetries: number;
}

/** What the system knows of how it routed a request (all optional). */
export interface SystemRoute {
  /** The provider that served the answer. */
  provider?: string;
  /** Every attempt, if the code tracks them. */
  attempts?: AttemptRecord[];
  /** Time lost before the serving provider was tried. */
  failoverMs?: number;
}

export interface SystemCallContext {
  /** Aborted when the runner gives up on the request (its request timeout, the traffic phase's end). */
  signal: AbortSignal;
  /** Where each provider lives for this scenario; the same object for every call of one scenario. */
  providers: SystemProviders;
  /** Provider names in the scenario's order: the primary first. */
  order: string[];
  policy: SystemPolicy;
  /** Tells the runner how the request was routed; call it any time before the answer ends. */
  reportRoute(route: SystemRoute): void;
}

export interface SystemDefinition {
  /** Names the system in reports (letters, digits, `.`, `_`, `-`; at most 64). */
  name: string;
  description?: string;
  /** The HTTP client the code uses (default `fetch`). */
  http?: SystemHttpClient;
  /**
   * Whether the code sends its requests to `context.providers[...].baseURL` (default true). Code
   * that calls the real hosts whatever it is told can only be reached by the in-process backends.
   */
  usesProviderURLs?: boolean;
  /** Versions of what the system runs (libraries, gateways), for the report. */
  versions?: Record<string, string>;
  /** Answers one chat request with an OpenAI `chat.completion` object. */
  chat(request: ChatRequest, context: SystemCallContext): Promise<unknown>;
  /** Answers one streamed chat request with OpenAI `chat.completion.chunk` objects. */
  stream(
    request: ChatRequest,
    context: SystemCallContext,
  ): AsyncIterable<unknown> | Promise<AsyncIterable<unknown>>;
  /** Called after each scenario: drop clients, caches and breakers so the next one starts fresh. */
  close?(): void | Promise<void>;
}

/**
 * Declares your own failover code as a system brownout can test, fully typed. Returns its
 * argument: `brownout run --system FILE` validates it when it loads the file.
 *
 * @example
 * export default defineSystem({
 *   name: 'my-failover',
 *   async chat(request, { providers, signal }) {
 *     const client = new OpenAI({ baseURL: providers.openai.baseURL, apiKey: providers.openai.apiKey });
 *     return client.chat.completions.create({ ...request, model: providers.openai.model }, { signal });
 *   },
 *   async *stream(request, { providers, signal }) { ... },
 * });
 */
export function defineSystem(system: SystemDefinition): SystemDefinition {
  return system;
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Everything wrong with a loaded module's default export, as `field: what was expected` lines. */
export function systemIssues(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) {
    return [
      `the default export must be a defineSystem({ name, chat, stream }) object, got ${value === null ? 'null' : typeof value}`,
    ];
  }
  const v = value as Record<string, unknown>;
  const issues: string[] = [];
  if (typeof v.name !== 'string' || !NAME.test(v.name)) {
    issues.push(
      `name: must be 1 to 64 letters, digits, ".", "_" or "-", got ${JSON.stringify(v.name) ?? 'nothing'}`,
    );
  }
  for (const field of ['chat', 'stream'] as const) {
    if (typeof v[field] !== 'function') issues.push(`${field}: is required (a function)`);
  }
  if (v.close !== undefined && typeof v.close !== 'function') issues.push('close: must be a function');
  if (v.http !== undefined && !SYSTEM_HTTP_CLIENTS.includes(v.http as SystemHttpClient)) {
    issues.push(`http: must be one of ${SYSTEM_HTTP_CLIENTS.join(', ')}, got ${JSON.stringify(v.http)}`);
  }
  if (v.usesProviderURLs !== undefined && typeof v.usesProviderURLs !== 'boolean') {
    issues.push('usesProviderURLs: must be true or false');
  }
  if (
    v.versions !== undefined &&
    (typeof v.versions !== 'object' ||
      v.versions === null ||
      Object.values(v.versions).some((x) => typeof x !== 'string'))
  ) {
    issues.push('versions: must be an object of names to version strings');
  }
  const known = new Set([
    'name',
    'description',
    'http',
    'usesProviderURLs',
    'versions',
    'chat',
    'stream',
    'close',
  ]);
  const unknown = Object.keys(v).filter((k) => !known.has(k));
  if (unknown.length > 0)
    issues.push(`unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')} (a typo?)`);
  return issues;
}
