/**
 * The healthy fake OpenAI API (also used for any other, OpenAI-compatible provider name):
 * `POST /v1/chat/completions` (JSON and SSE), `GET /v1/models`, `GET /v1/models/<id>`.
 * Valid against the official schema; content derived from the request.
 */
import { hexId } from '../random.ts';
import type { ProviderRequest } from '../request.ts';
import { isChatCompletion } from '../request.ts';
import type { Answer } from './answer.ts';
import { chatContent } from './content.ts';
import { fixtureJson } from './fixtures.ts';
import { type AnswerContext, baseHeaders, JSON_TYPE, openaiChatHeaders, SSE_TYPE } from './headers.ts';

const CREATED = 1764000000;
const FINGERPRINT = 'fp_560af6e559';

/** The provider's display name in answers: "The primary" for OpenAI, the name otherwise. */
function speaker(provider: string): string {
  return provider === 'openai' ? 'The primary' : `The ${provider} provider`;
}

function usage(promptTokens: number, completionTokens: number) {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** The `id` of a chat answer: the same for every event of a stream, new for every request. */
export function chatCompletionId(request: ProviderRequest, ctx: AnswerContext): string {
  // The prefix is hashed ahead of the body: the same digits as hashing `<n>:<body>`, with no join.
  return `chatcmpl-${hexId(request.bodyText, 29, `${ctx.requestNumber}:`)}`;
}

/** The headers of a healthy chat answer (they change with every request). */
export function chatHeaders(request: ProviderRequest, ctx: AnswerContext): Record<string, string> {
  return openaiChatHeaders(request, ctx, request.stream ? SSE_TYPE : JSON_TYPE);
}

function chat(request: ProviderRequest, ctx: AnswerContext): Answer {
  const content = chatContent(request, speaker(request.provider), ctx.echo);
  const model = request.model ?? 'gpt-4o-mini';
  const finish = content.truncated ? 'length' : 'stop';
  const headers = chatHeaders(request, ctx);
  const id = chatCompletionId(request, ctx);
  if (!request.stream) {
    return {
      type: 'json',
      status: 200,
      headers,
      json: {
        id,
        object: 'chat.completion',
        created: CREATED,
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: content.text, refusal: null, annotations: [] },
            logprobs: null,
            finish_reason: finish,
          },
        ],
        usage: usage(content.promptTokens, content.completionTokens),
        service_tier: 'default',
        system_fingerprint: FINGERPRINT,
      },
      meta: { model, usage: usage(content.promptTokens, content.completionTokens) },
    };
  }
  const withUsage =
    (request.body?.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
    id,
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(withUsage ? { usage: null } : {}),
  });
  const events: unknown[] = [
    chunk({ role: 'assistant', content: '', refusal: null }, null),
    ...content.pieces.map((piece) => chunk({ content: piece }, null)),
    chunk({}, finish),
  ];
  if (withUsage) {
    events.push({
      ...chunk({}, null),
      choices: [],
      usage: usage(content.promptTokens, content.completionTokens),
    });
  }
  const meta = withUsage
    ? { model, usage: usage(content.promptTokens, content.completionTokens) }
    : { model };
  return { type: 'sse', status: 200, headers, events, done: true, meta };
}

/** OpenAI's answer to an unknown route. */
export function openaiNotFound(request: ProviderRequest, ctx: AnswerContext): Answer {
  return {
    type: 'json',
    status: 404,
    headers: baseHeaders(request, ctx),
    json: {
      error: {
        message: `Invalid URL (${request.method} ${request.path})`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    },
  };
}

/** The healthy answer of the fake OpenAI-compatible API. */
export function openaiAnswer(request: ProviderRequest, ctx: AnswerContext): Answer {
  if (isChatCompletion(request)) return chat(request, ctx);
  if (request.method === 'GET' && /^\/v1\/models\/?$/.test(request.path)) {
    return {
      type: 'json',
      status: 200,
      headers: baseHeaders(request, ctx),
      json: fixtureJson('openai/models.json'),
    };
  }
  const one = request.method === 'GET' ? /^\/v1\/models\/(.+)$/.exec(request.path) : null;
  if (one?.[1]) {
    return {
      type: 'json',
      status: 200,
      headers: baseHeaders(request, ctx),
      json: { id: decodeURIComponent(one[1]), object: 'model', created: 1721172741, owned_by: 'system' },
    };
  }
  return openaiNotFound(request, ctx);
}
