import { ERROR_CLASSES } from '../router/errors.ts';

/**
 * One vocabulary of states (Checkly's up / degraded / failed). A probe gets a verdict; a path
 * gets a state from its verdicts over time (path-state.ts).
 */
export const VERDICTS = ['up', 'degraded', 'down'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * Why a probe failed: the router's taxonomy, plus what only a canary can see.
 *
 * | class            | what happened                                                          |
 * |------------------|------------------------------------------------------------------------|
 * | (router classes) | auth, rate-limited, unavailable, timeout, network, model-missing, ...   |
 * | empty-answer     | no text came back (a reasoning model spent the token budget thinking)    |
 * | assertion-failed | the text failed a `contains` / `matches` / `jsonSchema` assertion         |
 * | slow             | it answered, but past the `downMs` / `ttftDownMs` threshold              |
 */
export const FAILURE_CLASSES = [...ERROR_CLASSES, 'empty-answer', 'assertion-failed', 'slow'] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** One probe of one path. */
export interface ProbeResult {
  path: string;
  /** Epoch ms when the probe started. */
  at: number;
  verdict: Verdict;
  /** Set when the verdict is down (and on a degraded verdict: why it is degraded). */
  class?: FailureClass;
  detail?: string;
  message?: string;
  status?: number;
  durationMs: number;
  /** Streaming probes: ms until the first content token. */
  ttftMs?: number;
  servedBy?: string;
  /** Hugging Face paths: what the hub said about the model. */
  hubAvailable?: boolean;
}

export interface LatencyThresholds {
  degradedMs?: number;
  downMs?: number;
  ttftDegradedMs?: number;
  ttftDownMs?: number;
}

/** Applies "degraded at" / "failed at" latency thresholds to a probe that answered correctly. */
export function judgeLatency(
  durationMs: number,
  ttftMs: number | undefined,
  t: LatencyThresholds,
): { verdict: Verdict; class?: FailureClass; detail?: string } {
  if (t.downMs !== undefined && durationMs >= t.downMs)
    return {
      verdict: 'down',
      class: 'slow',
      detail: `took ${Math.round(durationMs)} ms (down at ${t.downMs})`,
    };
  if (ttftMs !== undefined && t.ttftDownMs !== undefined && ttftMs >= t.ttftDownMs)
    return {
      verdict: 'down',
      class: 'slow',
      detail: `first token after ${Math.round(ttftMs)} ms (down at ${t.ttftDownMs})`,
    };
  if (t.degradedMs !== undefined && durationMs >= t.degradedMs)
    return {
      verdict: 'degraded',
      class: 'slow',
      detail: `took ${Math.round(durationMs)} ms (degraded at ${t.degradedMs})`,
    };
  if (ttftMs !== undefined && t.ttftDegradedMs !== undefined && ttftMs >= t.ttftDegradedMs)
    return {
      verdict: 'degraded',
      class: 'slow',
      detail: `first token after ${Math.round(ttftMs)} ms (degraded at ${t.ttftDegradedMs})`,
    };
  return { verdict: 'up' };
}
