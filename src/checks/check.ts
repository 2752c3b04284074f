import type { History } from '../scenario/history.ts';

export type Verdict = 'pass' | 'fail';

/** One checker's finding: what it measured against what it allows. */
export interface CheckResult {
  id: string;
  verdict: Verdict;
  /** The measured value (a number, or a short structured value). */
  measured: unknown;
  threshold: unknown;
  /** One line a reviewer reads: what was expected, what was seen, and where. */
  message: string;
}

/** What a checker knows of the scenario besides the history: the router policy under test. */
export interface CheckContext {
  /** Providers in priority order (the first is the primary). */
  providers: string[];
  /** Secrets that must never appear in any recorded output or error (values, not names). */
  secrets: string[];
  policy: {
    attemptTimeoutMs: number;
    deadlineMs: number;
    maxAttempts: number;
    maxRetries: number;
  };
}

/** A checker: a small pure function over a history. */
export type Checker<Options> = (history: History, options: Options, ctx: CheckContext) => CheckResult;
