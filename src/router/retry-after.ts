/** Header lookup over lower-cased names. */
export type HeaderGetter = (name: string) => string | undefined;

/**
 * How long a provider asks us to wait, in ms, from `retry-after-ms`, `retry-after`
 * (seconds or an HTTP date) or, failing those, the `x-ratelimit-reset-*` header of the
 * exhausted budget (OpenAI durations such as `1s`, `6m0s`, `12ms`). Undefined when none says.
 */
export function parseRetryAfterMs(header: HeaderGetter, now: () => number = Date.now): number | undefined {
  return parseRetryAfterHeaderMs(header, now) ?? rateLimitResetMs(header);
}

/**
 * The wait the Retry-After headers alone advertise, in ms: `retry-after-ms`, else `retry-after`
 * (seconds or an HTTP date); the rate-limit reset headers are not read. Undefined when neither says.
 */
export function parseRetryAfterHeaderMs(
  header: HeaderGetter,
  now: () => number = Date.now,
): number | undefined {
  const ms = header('retry-after-ms');
  if (ms !== undefined) {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const ra = header('retry-after');
  if (ra !== undefined) {
    const seconds = Number(ra);
    if (ra.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(ra);
    if (Number.isFinite(date)) return Math.max(0, date - now());
  }
  return undefined;
}

function rateLimitResetMs(header: HeaderGetter): number | undefined {
  const waits: number[] = [];
  for (const budget of ['requests', 'tokens']) {
    const reset = header(`x-ratelimit-reset-${budget}`);
    if (reset === undefined) continue;
    const remaining = header(`x-ratelimit-remaining-${budget}`);
    // Only the exhausted budget tells us when to come back; without `remaining`, trust the reset.
    if (remaining !== undefined && Number(remaining) > 0) continue;
    const ms = parseDurationMs(reset);
    if (ms !== undefined) waits.push(ms);
  }
  return waits.length > 0 ? Math.max(...waits) : undefined;
}

const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6,
};

/** Parses Go-style durations as OpenAI sends them: `1s`, `6m0s`, `12ms`, `1h2m3.5s`; bare numbers are seconds. */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = re.exec(trimmed); match !== null; match = re.exec(trimmed)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    consumed = re.lastIndex;
  }
  return consumed === trimmed.length ? total : undefined;
}
