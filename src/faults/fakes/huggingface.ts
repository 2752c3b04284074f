/**
 * The healthy fake Hugging Face: the router's OpenAI-compatible chat in HF's own dialect (empty
 * `id`, `eos_token` finish reason, no `refusal`, usage in a final chunk; always `usage`, which
 * @huggingface/inference requires), and the hub's model info.
 */
import type { ProviderRequest } from '../request.ts';
import { hubModel, isChatCompletion } from '../request.ts';
import type { Answer } from './answer.ts';
import { chatContent } from './content.ts';
import { fixtureJson } from './fixtures.ts';
import { type AnswerContext, baseHeaders, SSE_TYPE } from './headers.ts';

const CREATED = 1764000001;
const FINGERPRINT = '3.3.4-sha-9f38d93';

function chat(request: ProviderRequest, ctx: AnswerContext): Answer {
  const content = chatContent(request, 'The fallback', ctx.echo);
  const model = request.model ?? 'openai/gpt-oss-20b';
  const finish = content.truncated ? 'length' : 'eos_token';
  const usage = {
    prompt_tokens: content.promptTokens,
    completion_tokens: content.completionTokens,
    total_tokens: content.promptTokens + content.completionTokens,
  };
  if (!request.stream) {
    return {
      type: 'json',
      status: 200,
      headers: baseHeaders(request, ctx),
      json: {
        id: '',
        object: 'chat.completion',
        created: CREATED,
        model,
        system_fingerprint: FINGERPRINT,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: content.text, tool_calls: null },
            logprobs: null,
            finish_reason: finish,
          },
        ],
        usage,
      },
      meta: { model, usage },
    };
  }
  const chunk = (text: string, finishReason: string | null) => ({
    object: 'chat.completion.chunk',
    id: '',
    created: CREATED,
    model,
    system_fingerprint: FINGERPRINT,
    choices: [
      {
        index: 0,
        delta: { role: 'assistant', content: text, tool_call_id: null },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage: null,
  });
  const events: unknown[] = [
    ...content.pieces.map((piece) => chunk(piece, null)),
    chunk('', finish),
    { ...chunk('', null), choices: [], usage },
  ];
  const headers = baseHeaders(request, ctx, SSE_TYPE);
  return { type: 'sse', status: 200, headers, events, done: true, meta: { model, usage } };
}

/** The hub's model info for any repo; adds the provider mapping when `expand` asks for it. */
function modelInfo(request: ProviderRequest, ctx: AnswerContext, repo: string): Answer {
  const info = fixtureJson('huggingface/model-info.json');
  info.id = repo;
  if (/inferenceProviderMapping/.test(decodeURIComponent(request.query))) {
    info.inferenceProviderMapping = {
      'hf-inference': { status: 'live', providerId: repo, task: 'conversational' },
    };
  }
  return { type: 'json', status: 200, headers: baseHeaders(request, ctx), json: info };
}

/** Hugging Face's answer to an unknown route (hub and router alike answer with a string error). */
export function huggingfaceNotFound(request: ProviderRequest, ctx: AnswerContext): Answer {
  return { type: 'json', status: 404, headers: baseHeaders(request, ctx), json: { error: 'Not Found' } };
}

/** The healthy answer of the fake Hugging Face router and hub. */
export function huggingfaceAnswer(request: ProviderRequest, ctx: AnswerContext): Answer {
  if (request.dialect === 'hf-hub') {
    const model = request.method === 'GET' ? hubModel(request.path) : undefined;
    return model ? modelInfo(request, ctx, model.repo) : huggingfaceNotFound(request, ctx);
  }
  return isChatCompletion(request) ? chat(request, ctx) : huggingfaceNotFound(request, ctx);
}
