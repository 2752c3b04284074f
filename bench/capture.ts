/** One healthy answer of the fault server, captured so a bare server can replay the same bytes. */
import { request } from 'undici';
import type { Replay } from './server-proc.ts';

export const FAULT_SERVER_CHAT_PATH = '/openai/v1/chat/completions';

/** Headers node:http sets by itself on every answer: the bare server's node adds its own. */
const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export function chatBody(stream: boolean): string {
  return JSON.stringify({
    model: 'gpt-4o-mini',
    stream,
    messages: [{ role: 'user', content: 'Say hello.' }],
  });
}

/** The fault server's healthy answer (JSON or SSE), as the bare server will replay it. */
export async function captureAnswer(origin: string, stream: boolean): Promise<Replay> {
  const res = await request(`${origin}${FAULT_SERVER_CHAT_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: chatBody(stream),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`fault server answered ${res.statusCode}: ${text}`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers))
    if (!HOP_HEADERS.has(name) && typeof value === 'string') headers[name] = value;
  // A length-delimited body goes out whole; a chunked stream one event per write.
  const pieces =
    headers['content-length'] !== undefined ? [text] : text.split(/(?<=\n\n)/).filter((p) => p.length > 0);
  return { status: res.statusCode, headers, pieces };
}
