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

/** Each normalizer returns whether it rewrote anything: an answer it left alone may go out as sent. */
function normalizeEnvelope(raw: Json, ctx: NormalizeContext, object: string): boolean {
  let changed = false;
  if (typeof raw.id !== 'string' || raw.id === '') {
    raw.id = ctx.id ?? newCompletionId();
    changed = true;
  }
  if (raw.object !== object) {
    raw.object = object;
    changed = true;
  }
  if (!Number.isInteger(raw.created)) {
    raw.created = ctx.nowS ?? Math.floor(Date.now() / 1000);
    changed = true;
  }
  if (typeof raw.model !== 'string' || raw.model === '') {
    raw.model = ctx.model;
    changed = true;
  }
  if (raw.system_fingerprint === null || raw.system_fingerprint === '') {
    delete raw.system_fingerprint;
    changed = true;
  }
  if (raw.usage === null) {
    delete raw.usage;
    return true;
  }
  return (raw.usage !== undefined && normalizeUsage(raw)) || changed;
}

function normalizeUsage(raw: Json): boolean {
  const usage = raw.usage;
  if (!isObject(usage)) {
    delete raw.usage;
    return true;
  }
  const prompt = usage.prompt_tokens;
  const completion = usage.completion_tokens;
  if (!Number.isInteger(prompt) || !Number.isInteger(completion)) {
    // Usage is optional in the schema; counts we cannot trust are dropped rather than invented.
    delete raw.usage;
    return true;
  }
  let changed = false;
  if (!Number.isInteger(usage.total_tokens)) {
    usage.total_tokens = (prompt as number) + (completion as number);
    changed = true;
  }
  // vLLM and others send `null` breakdowns; the schema wants an object or nothing.
  for (const key of USAGE_DETAILS) {
    if (usage[key] !== undefined && !isObject(usage[key])) {
      delete usage[key];
      changed = true;
    }
  }
  return changed;
}

const USAGE_DETAILS = ['prompt_tokens_details', 'completion_tokens_details'] as const;
const NULLABLE_MESSAGE_FIELDS = ['tool_calls', 'function_call', 'audio', 'annotations', 'reasoning_content'];
const NULLABLE_DELTA_FIELDS = ['tool_calls', 'function_call', 'tool_call_id'];

/** Deletes each of `keys` whose value is `null`; says whether it deleted any. */
function dropNulls(object: Json, keys: readonly string[]): boolean {
  let changed = false;
  for (const key of keys) {
    if (object[key] === null) {
      delete object[key];
      changed = true;
    }
  }
  return changed;
}

/** Normalizes a provider's `chat.completion` in place and validates it; throws `malformed` on drift. */
export function normalizeCompletion(raw: unknown, ctx: NormalizeContext): ChatCompletion {
  normalizeCompletionInPlace(raw, ctx);
  return raw as ChatCompletion;
}

/**
 * {@link normalizeCompletion}, saying whether it rewrote anything (a field filled, mapped or
 * dropped): when it did not, the provider's own text is an exact encoding of the validated answer.
 */
export function normalizeCompletionInPlace(raw: unknown, ctx: NormalizeContext): boolean {
  if (!isObject(raw)) throw drift(ctx, 'the body is not an object', raw);
  if (!Array.isArray(raw.choices) || raw.choices.length === 0) throw drift(ctx, 'no choices', raw);
  let changed = normalizeEnvelope(raw, ctx, 'chat.completion');
  const choices: unknown[] = raw.choices;
  for (let index = 0; index < choices.length; index++) {
    const choice = choices[index];
    if (!isObject(choice) || !isObject(choice.message))
      throw drift(ctx, `choices[${index}] has no message`, raw);
    if (!Number.isInteger(choice.index)) {
      choice.index = index;
      changed = true;
    }
    const finish = mapFinishReason(ctx, choice.finish_reason, false);
    if (choice.finish_reason !== finish) {
      choice.finish_reason = finish;
      changed = true;
    }
    const message = choice.message;
    if (
      choice.logprobs === undefined ||
      message.role === undefined ||
      message.content === undefined ||
      message.refusal === undefined
    ) {
      if (choice.logprobs === undefined) choice.logprobs = null;
      if (message.role === undefined) message.role = 'assistant';
      if (message.content === undefined) message.content = null;
      if (message.refusal === undefined) message.refusal = null;
      changed = true;
    }
    if (dropNulls(message, NULLABLE_MESSAGE_FIELDS)) changed = true;
  }
  const verdict = validateCompletion(raw);
  if (!verdict.valid) throw drift(ctx, verdict.error ?? 'invalid', raw);
  return changed;
}

/** Normalizes one `chat.completion.chunk` in place and validates it; throws `malformed` on drift. */
export function normalizeChunk(raw: unknown, ctx: NormalizeContext): ChatCompletionChunk {
  normalizeChunkInPlace(raw, ctx);
  return raw as ChatCompletionChunk;
}

/** {@link normalizeChunk}, saying whether it rewrote anything (see {@link normalizeCompletionInPlace}). */
export function normalizeChunkInPlace(raw: unknown, ctx: NormalizeContext): boolean {
  if (!isObject(raw)) throw drift(ctx, 'the chunk is not an object', raw);
  if (!Array.isArray(raw.choices)) throw drift(ctx, 'the chunk has no choices', raw);
  let changed = normalizeEnvelope(raw, ctx, 'chat.completion.chunk');
  const choices: unknown[] = raw.choices;
  for (let index = 0; index < choices.length; index++) {
    const choice = choices[index];
    if (!isObject(choice)) throw drift(ctx, `choices[${index}] is not an object`, raw);
    if (!Number.isInteger(choice.index)) {
      choice.index = index;
      changed = true;
    }
    if (!isObject(choice.delta)) {
      choice.delta = {};
      changed = true;
    }
    const finish = mapFinishReason(ctx, choice.finish_reason, true);
    if (choice.finish_reason !== finish) {
      choice.finish_reason = finish;
      changed = true;
    }
    if (choice.logprobs === undefined && 'logprobs' in choice) {
      delete choice.logprobs;
      changed = true;
    }
    const delta = choice.delta as Json;
    if (dropNulls(delta, NULLABLE_DELTA_FIELDS)) changed = true;
    if (delta.tool_call_id !== undefined) {
      delete delta.tool_call_id;
      changed = true;
    }
  }
  const verdict = validateChunk(raw);
  if (!verdict.valid) throw drift(ctx, verdict.error ?? 'invalid', raw);
  return changed;
}
