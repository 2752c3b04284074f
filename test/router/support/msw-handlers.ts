import { type DefaultBodyType, delay, HttpResponse, http, type RequestHandler } from 'msw';
import type { SetupServer } from 'msw/node';
import { type HuggingFaceOptions, huggingface } from '../../../src/router/providers/huggingface.ts';
import { openai } from '../../../src/router/providers/openai.ts';
import type { Provider } from '../../../src/router/providers/provider.ts';
import {
  fixtureJson,
  HF_COMPLETION,
  HF_MODEL_INFO,
  HF_STREAM,
  OPENAI_COMPLETION,
  OPENAI_MODELS,
  OPENAI_STREAM,
  sseEvents,
} from './fixtures.ts';

export const OPENAI_BASE = 'https://api.openai.com/v1';
export const HF_ROUTER = 'https://router.huggingface.co';
export const HF_HUB = 'https://huggingface.co';
export const HF_MODEL = 'openai/gpt-oss-20b';

export const OPENAI_CHAT_URL = `${OPENAI_BASE}/chat/completions`;
export const HF_CHAT_URL = `${HF_ROUTER}/v1/chat/completions`;
export const HF_HUB_URL = `${HF_HUB}/api/models/:org/:repo/revision/:rev`;

const encoder = new TextEncoder();

export interface SseOptions {
  /** Close the body after this many events (no `[DONE]`, no finish_reason). */
  closeAfter?: number;
  /** Error the body after this many events (the reader throws). */
  errorAfter?: number;
  /** Hang forever after this many events. */
  hangAfter?: number;
}

/** A `text/event-stream` response carrying these `data:` payloads. */
export function sseResponse(events: string[], options: SseOptions = {}): HttpResponse<DefaultBodyType> {
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (let i = 0; i < events.length; i++) {
        if (options.closeAfter === i) return controller.close();
        if (options.errorAfter === i) return controller.error(new TypeError('terminated'));
        if (options.hangAfter === i) return;
        controller.enqueue(encoder.encode(`data: ${events[i]}\n\n`));
        await delay(1);
      }
      controller.close();
    },
  });
  return new HttpResponse(stream, { headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
}

/** An error body as the provider sends it, with OpenAI's request id header. */
export function errorResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse<DefaultBodyType> {
  return HttpResponse.json(body as never, {
    status,
    headers: { 'x-request-id': `req_${status}`, ...headers },
  });
}

const wantsStream = async (request: Request) => {
  const body = (await request.clone().json()) as { stream?: boolean };
  return body.stream === true;
};

/** Healthy OpenAI: chat completions (JSON or SSE, from the fixtures) and the models list. */
export function openaiHandlers(base = OPENAI_BASE): RequestHandler[] {
  return [
    http.post(`${base}/chat/completions`, async ({ request }) =>
      (await wantsStream(request))
        ? sseResponse(sseEvents(OPENAI_STREAM))
        : HttpResponse.json(fixtureJson(OPENAI_COMPLETION), { headers: { 'x-request-id': 'req_ok' } }),
    ),
    http.get(`${base}/models`, () => HttpResponse.json(fixtureJson(OPENAI_MODELS))),
  ];
}

/** Healthy Hugging Face: the router's chat completions and the hub's model info. */
export function huggingfaceHandlers(router = HF_ROUTER, hub = HF_HUB): RequestHandler[] {
  return [
    http.post(`${router}/v1/chat/completions`, async ({ request }) =>
      (await wantsStream(request))
        ? sseResponse(sseEvents(HF_STREAM))
        : HttpResponse.json(fixtureJson(HF_COMPLETION)),
    ),
    http.get(`${hub}/api/models/:org/:repo/revision/:rev`, () =>
      HttpResponse.json(fixtureJson(HF_MODEL_INFO)),
    ),
  ];
}

/** Every request MSW saw, as `METHOD host/path`, in order. */
export function recordRequests(server: SetupServer): string[] {
  const seen: string[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    seen.push(`${request.method} ${url.host}${url.pathname}`);
  });
  return seen;
}

/** The OpenAI provider at its real base URL (MSW intercepts it). */
export function openaiProvider(): Provider {
  return openai({ apiKey: 'sk-test', model: 'gpt-4o-mini' });
}

/** The Hugging Face provider at its real hosts (MSW intercepts them). */
export function hfProvider(options: Partial<HuggingFaceOptions> = {}): Provider {
  return huggingface({ accessToken: 'hf_test', model: HF_MODEL, ...options });
}
