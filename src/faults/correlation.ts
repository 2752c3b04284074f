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
