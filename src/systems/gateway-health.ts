import { request } from 'undici';
import { targetHeadersFromEnv } from './gateway.ts';

export interface HealthyChatOptions {
  /** Sent with the request (default: `BROWNOUT_TARGET_HEADERS`, as every request to the target). */
  headers?: Record<string, string>;
  apiKey?: string;
  model?: string;
}

/**
 * A readiness check for an OpenAI-compatible gateway: one small chat completion, ready on a 2xx.
 * A gateway that listens but cannot reach its upstream yet is not ready. Sent with the undici
 * package, which no in-process fault backend intercepts.
 */
export function healthyChatRequest(
  options: HealthyChatOptions = {},
): (url: string, signal: AbortSignal) => Promise<boolean> {
  // The target's own headers replace ours whatever their case (one `Authorization`, never two).
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.apiKey ?? 'sk-brownout-health-check'}`,
  };
  for (const [name, value] of Object.entries(options.headers ?? targetHeadersFromEnv()))
    headers[name.toLowerCase()] = value;
  headers['content-type'] = 'application/json';
  return async (url, signal) => {
    const response = await request(`${url}/v1/chat/completions`, {
      method: 'POST',
      signal,
      headers,
      body: JSON.stringify({
        model: options.model ?? 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'brownout readiness check' }],
        max_tokens: 16,
      }),
    });
    await response.body.dump();
    return response.statusCode >= 200 && response.statusCode < 300;
  };
}
