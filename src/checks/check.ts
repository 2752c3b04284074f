import type { History } from '../history/history.ts';

/**
 * `not-applicable`: the check needs what this system cannot give (a provider probe, breaker
 * events of a black box); it is reported with the reason, never counted as a failure.
 */
export type Verdict = 'pass' | 'fail' | 'not-applicable';

/**
 * `required`: a failure fails the scenario run (grade `fail`); `advisory`: a failure degrades it
 * (grade `degraded`) without failing the run.
 */
export type CheckLevel = 'required' | 'advisory';

/** One checker's finding: what it measured against what it allows. */
export interface CheckResult {
  id: string;
  verdict: Verdict;
  /** Set by the runner from the check's default and the scenario's `advisory` list (default required). */
  level?: CheckLevel;
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
  /** Check ids the scenario makes advisory (a failure degrades the run instead of failing it). */
  advisory?: readonly string[];
  policy: {
    attemptTimeoutMs: number;
    deadlineMs: number;
    maxAttempts: number;
    maxRetries: number;
  };
}

/** A checker: a small pure function over a history. */
export type Checker<Options> = (history: History, options: Options, ctx: CheckContext) => CheckResult;
