/**
 * OpenAI `chat.completion` and `chat.completion.chunk` objects built from what a higher-level
 * library returns (a text, a finish reason), for `defineSystem` modules whose library hides the
 * wire format (the Vercel AI SDK, LangChain.js). The runner checks every answer against the
 * official schema; a finish reason outside OpenAI's vocabulary is kept as it is, so the check
 * shows it.
 */

export interface CompletionParts {
  text: string;
  model: string;
  /** OpenAI's (`stop`, `length`, ...) or a library's own (`content-filter`, `tool-calls`). */
  finishReason?: string | null | undefined;
  id?: string | undefined;
  usage?: { promptTokens?: number; completionTokens?: number } | undefined;
}

const FINISH: Record<string, string> = {
  'content-filter': 'content_filter',
  'tool-calls': 'tool_calls',
  'function-call': 'function_call',
};

function finish(reason: string | null | undefined): string | null {
  if (reason === undefined || reason === null) return null;
  return FINISH[reason] ?? reason;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

/** A `chat.completion` with one choice holding `text`. */
export function toChatCompletion(parts: CompletionParts): Record<string, unknown> {
  const completion: Record<string, unknown> = {
    id: parts.id ?? `chatcmpl-${crypto.randomUUID()}`,
    object: 'chat.completion',
    created: now(),
    model: parts.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: parts.text, refusal: null },
        logprobs: null,
        finish_reason: finish(parts.finishReason) ?? 'stop',
      },
    ],
  };
  const prompt = parts.usage?.promptTokens;
  const done = parts.usage?.completionTokens;
  if (typeof prompt === 'number' && typeof done === 'number') {
    completion.usage = { prompt_tokens: prompt, completion_tokens: done, total_tokens: prompt + done };
  }
  return completion;
}

/** A `chat.completion.chunk` carrying a piece of text, or the final chunk with its finish reason. */
export function toChatChunk(parts: {
  id: string;
  model: string;
  text?: string;
  finishReason?: string | null | undefined;
}): Record<string, unknown> {
  return {
    id: parts.id,
    object: 'chat.completion.chunk',
    created: now(),
    model: parts.model,
    choices: [
      {
        index: 0,
        delta: parts.text === undefined ? {} : { role: 'assistant', content: parts.text },
        logprobs: null,
        finish_reason: finish(parts.finishReason),
      },
    ],
  };
}
