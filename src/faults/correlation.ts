/**
 * Correlation between what the caller sent and what the fake providers saw.
 *
 * The runner tags every request with a key in the text of its last user message: the message text
 * is the one field every gateway forwards to its upstream without understanding it (headers,
 * `user`, `metadata` and unknown body fields are dropped or rewritten by one gateway or another).
 * The fake provider reads the key, records it with the attempt, and echoes the attempt back into
 * the answer's text, so the caller's record knows which provider and which upstream attempt
 * produced the text it received.
 *
 * Tag:  `[brownout:<key>]`            key: 1 to 64 of [A-Za-z0-9_.-]
 * Echo: `[brownout:<key>@<provider>#<seq>]`
 *
 * The runner's own probe (a provider health check it makes itself, as the synthetic monitor does,
 * when the system under test offers none) goes straight to the fake provider, never through the
 * system, and is tagged in the URL's query instead: `?brownout-probe=<key>` (health checks have no
 * message text; a real provider ignores an unknown query parameter). The upstream record keeps it
 * apart from the system's traffic.
 */

import { BrownoutRangeError } from '../errors.ts';

const KEY = '[A-Za-z0-9_.-]{1,64}';
const TAG_PATTERN = new RegExp(`\\[brownout:(${KEY})\\]`);
const ECHO_PATTERN = new RegExp(`\\[brownout:(${KEY})@([A-Za-z0-9_.-]{1,64})#(\\d{1,12})\\]`);
const KEY_PATTERN = new RegExp(`^${KEY}$`);

/** The tag for a key, to append to the request's last user message. */
export function correlationTag(key: string): string {
  if (!KEY_PATTERN.test(key))
    throw new BrownoutRangeError('BROWNOUT_CORRELATION_KEY', `correlation key must match ${KEY}, got ${key}`);
  return `[brownout:${key}]`;
}

/** The key carried by a message text, or undefined. */
export function readCorrelationKey(text: string): string | undefined {
  return TAG_PATTERN.exec(text)?.[1];
}

/** What the fake provider writes into its answer for the attempt that produced it. */
export function correlationEcho(key: string, provider: string, seq: number): string {
  return `[brownout:${key}@${provider}#${seq}]`;
}

/** The attempt an answer's text names, or undefined when it carries no echo. */
export function readCorrelationEcho(
  text: string,
): { key: string; provider: string; seq: number } | undefined {
  const match = ECHO_PATTERN.exec(text);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { key: match[1], provider: match[2], seq: Number(match[3]) };
}

/** The query parameter that marks a request as the runner's own probe. */
export const PROBE_PARAM = 'brownout-probe';

/** The URL with the runner's probe tag added to its query. */
export function probeTaggedUrl(url: string, key: string): string {
  correlationTag(key); // validates the key
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${PROBE_PARAM}=${encodeURIComponent(key)}${hash < 0 ? '' : url.slice(hash)}`;
}

/** The runner's probe key a raw query string (without `?`) carries, or undefined. */
export function readProbeKey(query: string): string | undefined {
  if (!query.includes(PROBE_PARAM)) return undefined;
  const key = new URLSearchParams(query).get(PROBE_PARAM) ?? undefined;
  return key !== undefined && KEY_PATTERN.test(key) ? key : undefined;
}
