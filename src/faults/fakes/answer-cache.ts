/**
 * The bytes of healthy OpenAI-dialect chat answers, kept per request body. A healthy chat answer
 * is a function of the provider and the request body, except its `id` (new per request), the
 * correlation echo in its text (new per attempt) and its headers (request id, rate-limit
 * counters): so the serialised answer is kept as a template with slots for the id and the echo,
 * and a repeat of the same body costs a few string joins instead of building and serialising it.
 */
import type { ProviderRequest } from '../request.ts';
import { isChatCompletion } from '../request.ts';
import { type AnswerMeta, answerChunks } from './answer.ts';
import type { AnswerContext } from './headers.ts';
import { healthyAnswer } from './index.ts';
import { chatCompletionId, chatHeaders } from './openai.ts';

/** A healthy answer as chunks, ready to render, with the whole body and its size worked out. */
export interface HealthyChunks {
  status: number;
  headers: Record<string, string>;
  chunks: string[];
  stream: boolean;
  meta: AnswerMeta | undefined;
  /** The chunks joined: the body sent in one piece. */
  body: string;
  /** Its length in bytes. */
  bytes: number;
  /** How many chunks the answer has (an SSE stream: its events), as the record counts them. */
  count: number;
}

/**
 * A string with slots: literal pieces, with the id between each two, and the echo (when the
 * answer has one) where `echoAt` says. `bytes` counts the literal pieces only.
 */
interface Template {
  pieces: string[][];
  bytes: number;
  ids: number;
  echoes: number;
}

interface Entry {
  status: number;
  chunks: Template[];
  whole: Template;
  stream: boolean;
  meta: AnswerMeta | undefined;
}

/** Distinct bodies kept; past it the cache starts over (a load test repeats a handful of bodies). */
export const ANSWER_CACHE_SIZE = 256;

/**
 * Stands in for the echo while the template is built: printable ASCII that JSON leaves as it is
 * and no answer field carries (the text is `<echo> Hello! ...`, so the slot takes the space too).
 */
const ECHO_SLOT = '\u0060brownout-echo-slot\u0060 ';

export class HealthyAnswerCache {
  /**
   * By provider, then by body text (no key string built per request: the body text was hashed
   * once already, when the request was described).
   */
  private readonly entries = new Map<string, Map<string, Entry>>();
  private count = 0;

  constructor(private readonly size = ANSWER_CACHE_SIZE) {}

  /** The healthy chat answer as chunks, or undefined when it is not a cacheable one. */
  chunks(request: ProviderRequest, ctx: AnswerContext): HealthyChunks | undefined {
    const found = this.lookup(request, ctx);
    if (found === undefined) return undefined;
    const { entry, id, echo } = found;
    const chunks = entry.chunks.map((chunk) => fill(chunk, id, echo));
    return {
      status: entry.status,
      headers: chatHeaders(request, ctx),
      chunks,
      stream: entry.stream,
      meta: entry.meta,
      // A JSON answer is one chunk: the body is that chunk.
      body: chunks.length === 1 ? (chunks[0] as string) : fill(entry.whole, id, echo),
      bytes: bytesOf(entry.whole, id, echo),
      count: chunks.length,
    };
  }

  /**
   * The healthy chat answer as one body, for a backend that sends it in one piece: the chunks are
   * not filled one by one (`chunks` holds the body alone), `count` says how many the answer has.
   */
  whole(request: ProviderRequest, ctx: AnswerContext): HealthyChunks | undefined {
    const found = this.lookup(request, ctx);
    if (found === undefined) return undefined;
    const { entry, id, echo } = found;
    const body = fill(entry.whole, id, echo);
    return {
      status: entry.status,
      headers: chatHeaders(request, ctx),
      chunks: [body],
      count: entry.chunks.length,
      stream: entry.stream,
      meta: entry.meta,
      body,
      bytes: bytesOf(entry.whole, id, echo),
    };
  }

  /** The cached entry of this request (built on a miss), with its id and echo. */
  private lookup(
    request: ProviderRequest,
    ctx: AnswerContext,
  ): { entry: Entry; id: string; echo: string } | undefined {
    if (request.dialect !== 'openai' || !isChatCompletion(request)) return undefined;
    const id = chatCompletionId(request, ctx);
    const echo = ctx.echo === undefined ? '' : `${ctx.echo} `;
    let entry = this.entries.get(request.provider)?.get(request.bodyText);
    if (entry === undefined) {
      entry = this.build(request, ctx, id);
      if (entry === undefined) return undefined;
      if (this.count >= this.size) this.clear();
      let bodies = this.entries.get(request.provider);
      if (bodies === undefined) {
        bodies = new Map();
        this.entries.set(request.provider, bodies);
      }
      bodies.set(request.bodyText, entry);
      this.count += 1;
    }
    return { entry, id, echo };
  }

  clear(): void {
    this.entries.clear();
    this.count = 0;
  }

  /** Builds the answer once, with a stand-in echo, and cuts it into a template. */
  private build(request: ProviderRequest, ctx: AnswerContext, id: string): Entry | undefined {
    const hasEcho = ctx.echo !== undefined;
    const answer = healthyAnswer(request, hasEcho ? { ...ctx, echo: ECHO_SLOT.trimEnd() } : ctx);
    // Only the healthy 200 is kept: a refused body (400) is built afresh, headers and all.
    if (answer.type === 'text' || answer.status !== 200) return undefined;
    const chunks = answerChunks(answer);
    const cut = (text: string) => template(text, id, hasEcho);
    const whole = cut(chunks.join(''));
    // The stand-in must show up once, where the echo goes; anything else is built afresh.
    if (hasEcho && whole.echoes !== 1) return undefined;
    return {
      status: answer.status,
      chunks: chunks.map(cut),
      whole,
      stream: answer.type === 'sse',
      meta: answer.meta,
    };
  }
}

function template(text: string, id: string, hasEcho: boolean): Template {
  const pieces = text.split(id).map((piece) => (hasEcho ? piece.split(ECHO_SLOT) : [piece]));
  let bytes = 0;
  let echoes = 0;
  for (const around of pieces) {
    echoes += around.length - 1;
    for (const piece of around) bytes += Buffer.byteLength(piece);
  }
  return { pieces, bytes, ids: pieces.length - 1, echoes };
}

/** Ids and echoes are ASCII: one byte a character. */
function bytesOf(whole: Template, id: string, echo: string): number {
  return whole.bytes + whole.ids * id.length + whole.echoes * echo.length;
}

function fill(template: Template, id: string, echo: string): string {
  const { pieces } = template;
  let out = '';
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0) out += id;
    const around = pieces[i] as string[];
    out += around.length === 1 ? (around[0] as string) : around.join(echo);
  }
  return out;
}
