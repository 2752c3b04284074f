import { startBackend } from '../scenario/backends.ts';
import { targetHeadersFromEnv } from '../systems/gateway.ts';

/** What the preflight saw when the target could not serve a healthy request. */
export interface PreflightFailure {
  /** The HTTP status, or undefined when no answer came (refused, timed out). */
  status?: number;
  /** The gateway's own error body (or the network error), cut to 2000 characters. */
  body: string;
}

/**
 * One healthy request through the gateway before the suite, with the fault server up and no fault
 * armed: a gateway that cannot serve it (a missing config header, upstreams pointed elsewhere, a bad
 * key) would fail every scenario for a reason that has nothing to do with failover. Plain `fetch`, so
 * the gateway's body is shown as it sent it (the SDK shows "400 status code (no body)" for some).
 *
 * @example const failure = await preflightGateway('http://127.0.0.1:4000', { port: 9090 })
 */
export async function preflightGateway(
  target: string,
  options: {
    port: number;
    apiKey: string;
    timeoutMs?: number;
    headers?: Record<string, string>;
    tries?: number;
  },
): Promise<PreflightFailure | undefined> {
  const session = await startBackend('server', 1, { port: options.port });
  try {
    // A few tries: a gateway's first request may pay for its own cold start (connections, JIT).
    let failure: PreflightFailure | undefined;
    for (let i = 0; i < (options.tries ?? 3); i++) {
      failure = await healthyRequest(target, options);
      if (failure === undefined) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return failure;
  } finally {
    await session.injector.stop().catch(() => {});
    await session.transport.close().catch(() => {});
  }
}

async function healthyRequest(
  target: string,
  options: { apiKey: string; timeoutMs?: number; headers?: Record<string, string> },
): Promise<PreflightFailure | undefined> {
  const url = `${target.replace(/\/+$/, '').replace(/(\/v1)?$/, '/v1')}/chat/completions`;
  try {
    // The target's own headers replace ours, whatever their case (a gateway that wants its own
    // `Authorization`, such as LiteLLM's master key, must not also get the placeholder key).
    const headers = new Headers({
      'content-type': 'application/json',
      authorization: `Bearer ${options.apiKey}`,
    });
    for (const [name, value] of Object.entries(options.headers ?? targetHeadersFromEnv()))
      headers.set(name, value);
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'preflight' }] }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const body = await response.text();
    if (response.ok) {
      try {
        const parsed = JSON.parse(body) as { choices?: unknown };
        if (Array.isArray(parsed.choices)) return undefined;
      } catch {
        // falls through: a 2xx that is not a chat completion
      }
      return { status: response.status, body: `not a chat completion: ${body.slice(0, 2000)}` };
    }
    return { status: response.status, body: body.slice(0, 2000) || '(empty body)' };
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    return { body: `${(error as Error).message}${cause ? ` (${cause})` : ''}` };
  }
}
