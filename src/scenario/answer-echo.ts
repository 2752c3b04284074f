import { readCorrelationEcho } from '../faults/correlation.ts';
import type { AnswerEcho } from '../history/history.ts';

const ANY_ECHO = /\[brownout:[A-Za-z0-9_.-]{1,64}@[A-Za-z0-9_.-]{1,64}#\d{1,12}\]/g;

/**
 * The upstream attempt an answer's text names (the fake provider's echo, faults/correlation.ts),
 * and how many echoes it carried: more than one means answers were stitched together.
 */
export function readAnswerEcho(text: string): AnswerEcho | undefined {
  const first = readCorrelationEcho(text);
  if (first === undefined) return undefined;
  const count = text.match(ANY_ECHO)?.length ?? 1;
  return { key: first.key, provider: first.provider, seq: first.seq, count };
}
