/**
 * The bytes of healthy OpenAI-dialect chat answers, kept per request body. A healthy chat answer
 * is a function of the provider and the request body, except its `id` (new per request) and its
 * headers (request id, rate-limit counters): so the serialised chunks are kept split around the id,
 * and a repeat of the same body costs a string join instead of building and serialising the answer.
 * Answers that carry a correlation echo (new per attempt) are built afresh every time.
 */
import type { ProviderRequest } from '../request.ts';
import { isChatCompletion } from '../request.ts';
import { type AnswerMeta, answerChunks } from './answer.ts';
import type { AnswerContext } from './headers.ts';
import { healthyAnswer } from './index.ts';
import { chatCompletionId, chatHeaders } from './openai.ts';

/** A healthy answer as chunks, ready to render. */
export interface HealthyChunks {
  status: number;
  headers: Record<string, string>;
  chunks: string[];
  stream: boolean;
  meta: AnswerMeta | undefined;
}

interface Entry {
  status: number;
  /** Each chunk split around the answer's id. */
  parts: string[][];
  stream: boolean;
  meta: AnswerMeta | undefined;
}

/** Distinct bodies kept; past it the cache starts over (a load test repeats a handful of bodies). */
export const ANSWER_CACHE_SIZE = 256;

export class HealthyAnswerCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly size = ANSWER_CACHE_SIZE) {}

  /** The healthy chat answer as chunks, or undefined when it is not a cacheable one. */
  chunks(request: ProviderRequest, ctx: AnswerContext): HealthyChunks | undefined {
    if (ctx.echo !== undefined || request.dialect !== 'openai' || !isChatCompletion(request))
      return undefined;
    const key = `${request.provider}\n${request.bodyText}`;
    const id = chatCompletionId(request, ctx);
    const entry = this.entries.get(key);
    if (entry) {
      return {
        status: entry.status,
        headers: chatHeaders(request, ctx),
        chunks: entry.parts.map((parts) => parts.join(id)),
        stream: entry.stream,
        meta: entry.meta,
      };
    }
    const answer = healthyAnswer(request, ctx);
    if (answer.type === 'text') return undefined;
    const chunks = answerChunks(answer);
    if (this.entries.size >= this.size) this.entries.clear();
    this.entries.set(key, {
      status: answer.status,
      parts: chunks.map((chunk) => chunk.split(id)),
      stream: answer.type === 'sse',
      meta: answer.meta,
    });
    return {
      status: answer.status,
      headers: answer.headers,
      chunks,
      stream: answer.type === 'sse',
      meta: answer.meta,
    };
  }

  clear(): void {
    this.entries.clear();
  }
}
