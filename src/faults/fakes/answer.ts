import type { RespondAction } from '../action.ts';

/**
 * A provider answer in structured form, before it becomes bytes: faults edit it (drop `choices`,
 * cut a stream after N events) and then render it.
 */
export type Answer =
  | { type: 'json'; status: number; headers: Record<string, string>; json: unknown; meta?: AnswerMeta }
  | {
      type: 'sse';
      status: number;
      headers: Record<string, string>;
      events: unknown[];
      done: boolean;
      meta?: AnswerMeta;
    }
  | { type: 'text'; status: number; headers: Record<string, string>; text: string };

/** What a healthy chat answer tells the caller about its accounting (for the upstream record). */
export interface AnswerMeta {
  /** The usage the answer carries, if any (an OpenAI stream only with `include_usage`). */
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  /** The `model` field of the answer. */
  model: string;
}

/** One server-sent event carrying `data` (JSON unless already a string). */
export function sseEvent(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`;
}

export const SSE_DONE = 'data: [DONE]\n\n';

/** The bytes of an answer, as chunks: one chunk for a body, one per event for a stream. */
export function answerChunks(answer: Answer): string[] {
  switch (answer.type) {
    case 'json':
      return [JSON.stringify(answer.json)];
    case 'text':
      return [answer.text];
    case 'sse':
      return [...answer.events.map((e) => sseEvent(e)), ...(answer.done ? [SSE_DONE] : [])];
  }
}

export interface RenderOptions {
  /** Wait before the headers. */
  delayMs?: number;
  /** Wait between stream events. */
  chunkDelayMs?: number;
}

/** Renders an answer as an action that ends cleanly. */
export function renderAnswer(answer: Answer, options: RenderOptions = {}): RespondAction {
  return renderChunks(answer.status, answer.headers, answerChunks(answer), answer.type === 'sse', options);
}

/** Renders an answer already turned into chunks (see {@link answerChunks}). */
export function renderChunks(
  status: number,
  headers: Record<string, string>,
  chunks: readonly string[],
  stream: boolean,
  options: RenderOptions = {},
): RespondAction {
  const gap = stream ? (options.chunkDelayMs ?? 0) : 0;
  return {
    type: 'respond',
    status,
    headers,
    delayMs: options.delayMs ?? 0,
    chunks: chunks.map((data, i) => ({ delayMs: i === 0 ? 0 : gap, data })),
    end: 'complete',
  };
}
