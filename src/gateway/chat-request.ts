import { RouterError } from '../router/errors.ts';
import type { ChatRequest } from '../router/types.ts';

/** A request the gateway refuses as OpenAI would: a status, an error code and the parameter at fault. */
export class GatewayRequestError extends Error {
  override readonly name = 'GatewayRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly param: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** What the gateway hands the router: the request, and whether the client asked for a stream. */
export interface GatewayChatRequest {
  request: ChatRequest;
  stream: boolean;
}

const invalid = (param: string, message: string) =>
  new GatewayRequestError(400, 'bad-request', param, message);

/**
 * Checks a chat completion body before the router sees it, the way OpenAI's API does, and refuses
 * what this gateway does not do rather than ignore it:
 * - `model`: optional; when given, one of the ids `GET /v1/models` lists (404 `model_not_found`
 *   otherwise). Whichever is named, the failover order decides who serves; the answer's `model` says.
 * - `stream`: a boolean (or null); `"yes"` is refused.
 * - `n`: 1 (or absent): the gateway returns one choice.
 * - `messages`: a non-empty array of objects, each with a string `role`.
 */
export function parseChatRequest(body: unknown, models: ReadonlySet<string>): GatewayChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RouterError('bad-request', 'the request body must be a JSON object', { attempts: [] });
  }
  const { stream, ...request } = body as ChatRequest & { stream?: unknown };
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    throw invalid('stream', `'stream' must be a boolean, got ${JSON.stringify(stream)}`);
  }
  const { model, n } = request as { model?: unknown; n?: unknown };
  if (model !== undefined && model !== null) {
    if (typeof model !== 'string') throw invalid('model', "'model' must be a string");
    if (!models.has(model)) {
      throw new GatewayRequestError(
        404,
        'model_not_found',
        'model',
        `The model '${model.slice(0, 200)}' does not exist on this gateway; it serves ${[...models].join(', ')} (GET /v1/models)`,
      );
    }
  }
  if (n !== undefined && n !== null && n !== 1) {
    throw invalid('n', `this gateway returns one choice: 'n' must be 1, got ${JSON.stringify(n)}`);
  }
  const { messages } = request as { messages?: unknown };
  if (!Array.isArray(messages) || messages.length === 0) {
    throw invalid('messages', "'messages' must be a non-empty array");
  }
  messages.forEach((message, i) => {
    if (
      typeof message !== 'object' ||
      message === null ||
      typeof (message as { role?: unknown }).role !== 'string'
    ) {
      throw invalid(`messages[${i}]`, `'messages[${i}]' must be an object with a string 'role'`);
    }
  });
  return { request, stream: stream === true };
}
