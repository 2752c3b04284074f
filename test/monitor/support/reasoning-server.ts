import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small stand-in for a reasoning model behind an OpenAI-compatible API (gpt-oss spends its
 * first tokens reasoning: below 64 max_tokens it returns no content and finish_reason `length`),
 * plus a hub whose model info the test sets (gated, disabled, inferenceProviderMapping).
 */
export interface ReasoningServer {
  url: string;
  /** The max_tokens of every chat request seen. */
  maxTokens: number[];
  hubInfo: Record<string, unknown>;
  close(): Promise<void>;
}

const REASONING_TOKENS = 64;

export async function startReasoningServer(): Promise<ReasoningServer> {
  const state: ReasoningServer = {
    url: '',
    maxTokens: [],
    hubInfo: {
      id: 'openai/gpt-oss-20b',
      gated: false,
      disabled: false,
      inferenceProviderMapping: { together: { status: 'live' } },
    },
    close: async () => {},
  };
  const server: Server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/api/models/')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(state.hubInfo));
    }
    const body = JSON.parse(text || '{}') as { max_tokens?: number; model?: string };
    const budget = body.max_tokens ?? 16;
    state.maxTokens.push(budget);
    const answered = budget > REASONING_TOKENS;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-reasoning',
        object: 'chat.completion',
        created: 1764000000,
        model: body.model ?? 'gpt-oss-20b',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: answered ? 'pong' : '', refusal: null },
            logprobs: null,
            finish_reason: answered ? 'stop' : 'length',
          },
        ],
        usage: {
          prompt_tokens: 12,
          completion_tokens: Math.min(budget, REASONING_TOKENS + 1),
          total_tokens: 12 + Math.min(budget, REASONING_TOKENS + 1),
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}
