import { readCorrelationKey, readProbeKey } from './correlation.ts';

/** The wire dialect a request speaks, which decides the shape of every body and error. */
export type Dialect = 'openai' | 'hf-router' | 'hf-hub';

/** A provider request as every backend sees it, normalized once. */
export interface ProviderRequest {
  /** The provider name faults target: `openai`, `huggingface`, or any configured name. */
  provider: string;
  method: string;
  /** The path below the provider's mount: `/v1/chat/completions`, `/api/models/org/name`. */
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  bodyText: string;
  /** The parsed JSON body, or undefined when there is none or it is not JSON. */
  body: Record<string, unknown> | undefined;
  /** The model asked for: the chat body's `model`, or the hub repo. */
  model: string | undefined;
  /** A chat completion with `stream: true`. */
  stream: boolean;
  /** A POST to a chat-completions path (worked out once here: every fault kind asks). */
  chat: boolean;
  /** The correlation key in the last user message's text (see `correlation.ts`), if any. */
  key: string | undefined;
  /** The runner's probe key in the query (`?brownout-probe=`): the runner's health check, not traffic. */
  probe: string | undefined;
  dialect: Dialect;
}

/** What a backend knows about a request before it is normalized. */
export interface RawRequest {
  provider: string;
  method: string;
  path: string;
  query?: string;
  bodyText?: string;
}

/** The repo and revision of a hub model-info path (`/api/models/<repo>[/revision/<rev>]`). */
export function hubModel(path: string): { repo: string; revision: string } | undefined {
  const match = /^\/api\/models\/(.+?)(?:\/revision\/([^/]+))?\/?$/.exec(path);
  if (!match?.[1]) return undefined;
  return { repo: decodeURIComponent(match[1]), revision: decodeURIComponent(match[2] ?? 'main') };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** What a chat body says, read once per distinct body text. */
interface BodyFacts {
  body: Record<string, unknown> | undefined;
  model: string | undefined;
  stream: boolean;
  key: string | undefined;
}

/**
 * Bodies read lately, by text: a load test sends the same few bodies over and over, and parsing
 * is the biggest cost of describing a request. The parsed body is shared between the requests
 * that sent the same text: nothing edits a request's body (kinds edit copies of answers).
 */
const recentBodies = new Map<string, BodyFacts>();
const RECENT_BODIES_MAX = 256;
/** Longer bodies are parsed every time: they are rarely repeated, and keeping them costs memory. */
const RECENT_BODY_MAX_CHARS = 4096;

function bodyFacts(bodyText: string): BodyFacts {
  const cacheable = bodyText.length <= RECENT_BODY_MAX_CHARS;
  let facts = cacheable ? recentBodies.get(bodyText) : undefined;
  if (facts === undefined) {
    const body = parseJson(bodyText);
    facts = {
      body,
      model: typeof body?.model === 'string' ? body.model : undefined,
      stream: body?.stream === true,
      key: correlationKeyOf(body),
    };
    if (cacheable) {
      if (recentBodies.size >= RECENT_BODIES_MAX) recentBodies.clear();
      recentBodies.set(bodyText, facts);
    }
  }
  return facts;
}

const CHAT_PATH = /\/chat\/completions\/?$/;

/** Normalizes a raw request: dialect, parsed body, model and streaming flag. */
export function describeRequest(raw: RawRequest): ProviderRequest {
  const bodyText = raw.bodyText ?? '';
  const facts = bodyFacts(bodyText);
  const isHub = raw.provider === 'huggingface' && raw.path.startsWith('/api/');
  const dialect: Dialect = isHub ? 'hf-hub' : raw.provider === 'huggingface' ? 'hf-router' : 'openai';
  const method = raw.method.toUpperCase();
  return {
    provider: raw.provider,
    method,
    path: raw.path,
    query: raw.query ?? '',
    bodyText,
    body: facts.body,
    model: isHub ? hubModel(raw.path)?.repo : facts.model,
    stream: facts.stream,
    chat: method === 'POST' && CHAT_PATH.test(raw.path),
    key: isHub ? undefined : facts.key,
    probe: raw.query ? readProbeKey(raw.query) : undefined,
    dialect,
  };
}

/** True for a chat-completions call, the only path where stream and schema faults make sense. */
export function isChatCompletion(request: ProviderRequest): boolean {
  return request.chat;
}

/**
 * The correlation key of a chat body: read from the text of its last user message, a string or
 * content parts (`[{ type: 'text', text }]`). Cheap: one regex over one message.
 */
export function correlationKeyOf(body: Record<string, unknown> | undefined): string | undefined {
  const messages = body?.messages;
  if (!Array.isArray(messages)) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as { role?: unknown; content?: unknown } | null;
    if (message?.role !== 'user') continue;
    const { content } = message;
    if (typeof content === 'string') return readCorrelationKey(content);
    if (!Array.isArray(content)) return undefined;
    for (const part of content as Array<{ type?: unknown; text?: unknown } | null>) {
      if (part?.type !== 'text' || typeof part.text !== 'string') continue;
      const key = readCorrelationKey(part.text);
      if (key) return key;
    }
    return undefined;
  }
  return undefined;
}
