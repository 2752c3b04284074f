import { randomUUID } from 'node:crypto';
import { ProviderError } from './errors.ts';
import { validateChunk, validateCompletion } from './schema.ts';
import type { ChatCompletion, ChatCompletionChunk } from './types.ts';

/**
 * One output format whichever provider answers. Providers that speak OpenAI's dialect loosely
 * (the Hugging Face router, TGI, vLLM, Ollama) omit required-but-null fields, send empty ids and
 * their own finish reasons; this fills and maps what has an unambiguous meaning, then validates
 * against the official schema. What cannot be repaired (no choices, wrong types, an unknown
 * finish reason) is schema drift: a `malformed` error, so the router fails over.
 */

type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

const FINISH_REASONS: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
  function_call: 'function_call',
  // TGI / Hugging Face
  eos_token: 'stop',
  eos: 'stop',
  stop_sequence: 'stop',
  // Other OpenAI-compatible servers
  end_turn: 'stop',
  max_tokens: 'length',
  model_length: 'length',
  tool_use: 'tool_calls',
};

export interface NormalizeContext {
  provider: string;
  /** The model the provider was asked for; used when the answer names none. */
  model: string;
  /** Seconds since the epoch, used when the answer has no `created`. */
  nowS?: number;
  /** The id to use when the answer has none (streams keep one id across chunks). */
  id?: string;
}

type Json = Record<string, unknown>;

function drift(ctx: NormalizeContext, what: string, raw: unknown): ProviderError {
  return new ProviderError('malformed', `${ctx.provider} answered with schema drift: ${what}`, {
    provider: ctx.provider,
    detail: 'schema-drift',
    cause: raw,
  });
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A fresh completion id in OpenAI's form. */
export function newCompletionId(): string {
  return `chatcmpl-${randomUUID().replaceAll('-', '')}`;
}

function mapFinishReason(ctx: NormalizeContext, value: unknown, nullable: boolean): FinishReason | null {
  if (value === null || value === undefined) {
    if (nullable) return null;
    return 'stop';
  }
  if (typeof value !== 'string') throw drift(ctx, `finish_reason is ${typeof value}`, value);
  if (value === 'error') {
    // An in-band error (vLLM, some gateways): the generation failed; never a clean end.
    throw new ProviderError(
      'stream-interrupted',
      `${ctx.provider} ended the answer with finish_reason "error"`,
      {
        provider: ctx.provider,
        detail: 'error-finish',
      },
    );
  }
  const mapped = FINISH_REASONS[value];
  if (!mapped) throw drift(ctx, `unknown finish_reason "${value}"`, value);
  return mapped;
}

function normalizeEnvelope(raw: Json, ctx: NormalizeContext, object: string): void {
  if (typeof raw.id !== 'string' || raw.id === '') raw.id = ctx.id ?? newCompletionId();
  raw.object = object;
  if (!Number.isInteger(raw.created)) raw.created = ctx.nowS ?? Math.floor(Date.now() / 1000);
  if (typeof raw.model !== 'string' || raw.model === '') raw.model = ctx.model;
  if (raw.system_fingerprint === null || raw.system_fingerprint === '') delete raw.system_fingerprint;
  if (raw.usage === null) delete raw.usage;
  else if (raw.usage !== undefined) normalizeUsage(raw);
}

function normalizeUsage(raw: Json): void {
  const usage = raw.usage;
  if (!isObject(usage)) {
    delete raw.usage;
    return;
  }
  const prompt = usage.prompt_tokens;
  const completion = usage.completion_tokens;
  if (!Number.isInteger(prompt) || !Number.isInteger(completion)) {
    // Usage is optional in the schema; counts we cannot trust are dropped rather than invented.
    delete raw.usage;
    return;
  }
  if (!Number.isInteger(usage.total_tokens)) usage.total_tokens = (prompt as number) + (completion as number);
  // vLLM and others send `null` breakdowns; the schema wants an object or nothing.
  for (const key of ['prompt_tokens_details', 'completion_tokens_details']) {
    if (usage[key] !== undefined && !isObject(usage[key])) delete usage[key];
  }
}

/** Normalizes a provider's `chat.completion` in place and validates it; throws `malformed` on drift. */
export function normalizeCompletion(raw: unknown, ctx: NormalizeContext): ChatCompletion {
  if (!isObject(raw)) throw drift(ctx, 'the body is not an object', raw);
  if (!Array.isArray(raw.choices) || raw.choices.length === 0) throw drift(ctx, 'no choices', raw);
  normalizeEnvelope(raw, ctx, 'chat.completion');
  raw.choices.forEach((choice: unknown, index: number) => {
    if (!isObject(choice) || !isObject(choice.message))
      throw drift(ctx, `choices[${index}] has no message`, raw);
    if (!Number.isInteger(choice.index)) choice.index = index;
    choice.finish_reason = mapFinishReason(ctx, choice.finish_reason, false);
    if (choice.logprobs === undefined) choice.logprobs = null;
    const message = choice.message;
    if (message.role === undefined) message.role = 'assistant';
    if (message.content === undefined) message.content = null;
    if (message.refusal === undefined) message.refusal = null;
    if (message.tool_calls === null) delete message.tool_calls;
    if (message.function_call === null) delete message.function_call;
    if (message.audio === null) delete message.audio;
    if (message.annotations === null) delete message.annotations;
    if (message.reasoning_content === null) delete message.reasoning_content;
  });
  const verdict = validateCompletion(raw);
  if (!verdict.valid) throw drift(ctx, verdict.error ?? 'invalid', raw);
  return raw as unknown as ChatCompletion;
}

/** Normalizes one `chat.completion.chunk` in place and validates it; throws `malformed` on drift. */
export function normalizeChunk(raw: unknown, ctx: NormalizeContext): ChatCompletionChunk {
  if (!isObject(raw)) throw drift(ctx, 'the chunk is not an object', raw);
  if (!Array.isArray(raw.choices)) throw drift(ctx, 'the chunk has no choices', raw);
  normalizeEnvelope(raw, ctx, 'chat.completion.chunk');
  raw.choices.forEach((choice: unknown, index: number) => {
    if (!isObject(choice)) throw drift(ctx, `choices[${index}] is not an object`, raw);
    if (!Number.isInteger(choice.index)) choice.index = index;
    if (!isObject(choice.delta)) choice.delta = {};
    choice.finish_reason = mapFinishReason(ctx, choice.finish_reason, true);
    if (choice.logprobs === undefined) delete choice.logprobs;
    const delta = choice.delta as Json;
    for (const key of ['tool_calls', 'function_call', 'tool_call_id']) {
      if (delta[key] === null) delete delta[key];
    }
    if (delta.tool_call_id !== undefined) delete delta.tool_call_id;
  });
  const verdict = validateChunk(raw);
  if (!verdict.valid) throw drift(ctx, verdict.error ?? 'invalid', raw);
  return raw as unknown as ChatCompletionChunk;
}
