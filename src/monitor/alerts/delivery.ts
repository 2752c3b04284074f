import { parseRetryAfterMs } from '../../router/retry-after.ts';

export interface DeliveryOptions {
  attempts: number;
  baseMs: number;
  capMs: number;
  timeoutMs: number;
  /** Waits between attempts (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface DeliveryResult {
  ok: boolean;
  attempts: number;
  status?: number;
  /** Why it gave up. */
  error?: string;
  /** A 4xx that no retry can fix (bad payload, bad key). */
  permanent?: boolean;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** 408, 429 and 5xx may pass later; any other 4xx will never succeed. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * POSTs a JSON payload, retrying network errors, 408, 429 and 5xx with full-jitter exponential
 * backoff (and Retry-After when the receiver sends one); a 400 or 403 is not retried.
 */
export async function postJson(
  url: string,
  body: unknown,
  options: DeliveryOptions,
): Promise<DeliveryResult> {
  const sleep = options.sleep ?? sleepFor;
  const random = options.random ?? Math.random;
  let last: DeliveryResult = { ok: false, attempts: 0 };
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    let waitMs: number | undefined;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text().catch(() => '');
      if (response.ok) return { ok: true, attempts: attempt, status: response.status };
      last = {
        ok: false,
        attempts: attempt,
        status: response.status,
        error: `HTTP ${response.status}: ${text.slice(0, 200)}`,
      };
      if (!retryable(response.status)) return { ...last, permanent: true };
      waitMs = parseRetryAfterMs((k) => response.headers.get(k) ?? undefined);
    } catch (error) {
      const cause = errorCode(error);
      last = { ok: false, attempts: attempt, error: `${(error as Error).name}${cause ? ` (${cause})` : ''}` };
    }
    if (attempt < options.attempts) {
      const backoff = random() * Math.min(options.capMs, options.baseMs * 2 ** (attempt - 1));
      await sleep(Math.min(options.capMs, waitMs ?? backoff));
    }
  }
  return last;
}

/** The first `code` along an error's cause chain (fetch wraps socket errors twice). */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
