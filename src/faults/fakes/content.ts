import { hexId } from '../random.ts';
import type { ProviderRequest } from '../request.ts';

/** A deterministic answer to a chat request: same request, same text and token counts. */
export interface ChatContent {
  /** Text pieces as a stream would send them (a word each, roughly a token). */
  pieces: string[];
  text: string;
  /** True when `max_tokens` cut the answer short (finish reason `length`). */
  truncated: boolean;
  promptTokens: number;
  completionTokens: number;
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function promptText(body: Record<string, unknown> | undefined): string {
  const messages = Array.isArray(body?.messages) ? (body.messages as Array<{ content?: unknown }>) : [];
  return messages
    .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '')))
    .join(' ');
}

/**
 * The answer text for a chat request, derived from the request body so replays match:
 * `Hello! The primary answered (3f9a12c0).` With a correlation `echo`, the first piece (the first
 * content delta of a stream) starts with it, so even an answer cut after one token names its attempt.
 */
export function chatContent(request: ProviderRequest, speaker: string, echo?: string): ChatContent {
  const text = `Hello! ${speaker} answered (${hexId(request.bodyText, 8)}).`;
  const all = text.split(/(?=\s)/);
  if (echo) all[0] = `${echo} ${all[0]}`;
  const limit = request.body?.max_completion_tokens ?? request.body?.max_tokens;
  const max = typeof limit === 'number' && limit >= 1 ? Math.floor(limit) : all.length;
  const pieces = all.slice(0, max);
  return {
    pieces,
    text: pieces.join(''),
    truncated: pieces.length < all.length,
    promptTokens: Math.max(1, countWords(promptText(request.body))),
    completionTokens: pieces.length,
  };
}
