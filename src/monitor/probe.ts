import { classifyThrown } from '../router/classify.ts';
import {
  type AttemptRecord,
  isProviderError,
  isRouterError,
  type ProviderError,
  type RouterErrorCode,
} from '../router/errors.ts';
import { createRouter, type Router } from '../router/router.ts';
import { validateChunk, validateCompletion } from '../router/schema.ts';
import type { ChatRequest } from '../router/types.ts';
import { type ContentAssertion, compileAssertions, firstFailure } from './assertions.ts';
import type { MonitorConfig } from './config.ts';
import { checkHub, type HubVerdict } from './hub-check.ts';
import type { ProbePath } from './paths.ts';
import { type FailureClass, judgeLatency, type ProbeResult } from './verdict.ts';

/** A router failure with no provider attempt to blame gets the class its code means. */
const ROUTER_CODE_CLASS: Record<RouterErrorCode, FailureClass> = {
  'all-providers-failed': 'unavailable',
  'rate-limited': 'rate-limited',
  'no-provider-available': 'unavailable',
  'deadline-exceeded': 'timeout',
  aborted: 'timeout',
  'bad-request': 'bad-request',
  'stream-interrupted': 'stream-interrupted',
};

function errorFields(e: ProviderError): Pick<ProbeResult, 'class' | 'detail' | 'message' | 'status'> {
  return {
    class: e.code,
    message: e.message,
    ...(e.detail ? { detail: e.detail } : {}),
    ...(e.status ? { status: e.status } : {}),
  };
}

/**
 * The router fails an answer that ran out of tokens before any content (`malformed`, detail
 * `no-content`: router/empty-answer.ts) so it can fail over; to the monitor that is still an empty
 * answer, the class that points at the token budget.
 */
const isNoContent = (failure: { class?: FailureClass; detail?: string }) =>
  failure.class === 'malformed' && failure.detail === 'no-content';

interface Answer {
  text: string;
  servedBy: string;
  attempts: AttemptRecord[];
  ttftMs?: number;
}

class ProbeFailure extends Error {
  constructor(
    readonly failureClass: FailureClass,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/**
 * Runs canary completions over one path: a real chat completion (or stream, timing the first
 * token) through a router of that path's providers, validated against the official OpenAI schema
 * after normalization, with the configured content assertions, plus the Hugging Face hub checks.
 * No retries inside a probe: the monitor measures; thresholds over time decide.
 */
export class PathProber {
  readonly #router: Router;
  readonly #assertions: ContentAssertion[];
  readonly #request: ChatRequest;

  constructor(
    readonly path: ProbePath,
    private readonly config: MonitorConfig,
    private readonly now: () => number = Date.now,
  ) {
    const { timeoutMs } = config.probe;
    this.#router = createRouter({
      providers: path.providers,
      attemptTimeoutMs: timeoutMs,
      // Room for each provider in turn: a chain whose primary hangs still gets its fallback's answer.
      deadlineMs: timeoutMs * path.providers.length,
      retry: { maxRetries: 0 },
      breaker: false,
    });
    this.#assertions = compileAssertions(config.probe.assert);
    this.#request = {
      messages: [{ role: 'user', content: config.probe.prompt }],
      max_tokens: config.probe.maxTokens,
    };
  }

  async run(): Promise<ProbeResult> {
    const at = this.now();
    const started = performance.now();
    const signal = AbortSignal.timeout(this.config.probe.timeoutMs * this.path.providers.length + 1000);
    const hub = this.path.hub ? checkHub(this.path.hub, signal) : Promise.resolve(undefined);
    const [answered, hubVerdict] = await Promise.all([
      this.#answer(signal).then(
        (a) => ({ a }),
        (e: unknown) => ({ e }),
      ),
      hub,
    ]);
    const durationMs = performance.now() - started;
    const base = { path: this.path.id, at, durationMs, ...this.#hubFields(hubVerdict) };
    const hubError = hubVerdict?.error;
    // The hub's definite verdict (repo gone, unmapped, gated) is the root cause of a failed completion.
    if (hubError && (hubError.code === 'model-missing' || hubError.code === 'auth'))
      return { ...base, verdict: 'down', ...errorFields(hubError) };
    if ('e' in answered) {
      const failure = this.#classify(answered.e);
      if (isNoContent(failure))
        return {
          ...base,
          verdict: 'down',
          ...failure,
          class: 'empty-answer',
          message: `${failure.message} (max_tokens ${this.config.probe.maxTokens}: a reasoning model may need more)`,
        };
      return { ...base, verdict: 'down', ...failure };
    }
    const { text, servedBy, ttftMs, attempts } = answered.a;
    const served = { ...base, servedBy, ...(ttftMs === undefined ? {} : { ttftMs }) };
    if (hubError) return { ...served, verdict: 'down', ...errorFields(hubError) };
    if (text.trim() === '') {
      return {
        ...served,
        verdict: 'down',
        class: 'empty-answer',
        message: `${servedBy} answered with no text (max_tokens ${this.config.probe.maxTokens}: a reasoning model may need more)`,
      };
    }
    const failed = firstFailure(this.#assertions, text);
    if (failed)
      return { ...served, verdict: 'down', class: 'assertion-failed', message: `${servedBy}: ${failed}` };
    const judged = judgeLatency(durationMs, ttftMs, this.config.thresholds);
    if (judged.verdict !== 'up') return { ...served, ...judged, message: `${servedBy} ${judged.detail}` };
    if (this.path.kind === 'chain' && servedBy !== this.path.provider) {
      // The chain served, but not from the primary: users get the fallback right now.
      const failedAttempt = attempts.find((a) => a.outcome !== 'ok' && a.outcome !== 'cancelled');
      return {
        ...served,
        verdict: 'degraded',
        ...(failedAttempt
          ? {
              class: isNoContent({
                class: failedAttempt.outcome as FailureClass,
                detail: failedAttempt.detail,
              })
                ? 'empty-answer'
                : (failedAttempt.outcome as FailureClass),
            }
          : {}),
        detail: 'failed-over',
        message: `the router served from ${servedBy}, not the primary ${this.path.provider}`,
      };
    }
    return { ...served, verdict: 'up' };
  }

  #hubFields(verdict: HubVerdict | undefined): Pick<ProbeResult, 'hubAvailable'> {
    return verdict ? { hubAvailable: verdict.available } : {};
  }

  async #answer(signal: AbortSignal): Promise<Answer> {
    if (!this.config.probe.stream) {
      const { completion, route } = await this.#router.chat(this.#request, { signal });
      const schema = validateCompletion(completion);
      if (!schema.valid)
        throw new ProbeFailure(
          'malformed',
          `${route.provider}: not a valid chat.completion (${schema.error})`,
          'schema',
        );
      return {
        text: completion.choices[0]?.message?.content ?? '',
        servedBy: route.provider,
        attempts: route.attempts,
      };
    }
    const started = performance.now();
    const stream = this.#router.stream(this.#request, { signal });
    let text = '';
    let ttftMs: number | undefined;
    for await (const chunk of stream) {
      const schema = validateChunk(chunk);
      if (!schema.valid)
        throw new ProbeFailure('malformed', `not a valid chat.completion.chunk (${schema.error})`, 'schema');
      const piece = chunk.choices[0]?.delta?.content ?? '';
      if (piece !== '' && ttftMs === undefined) ttftMs = performance.now() - started;
      text += piece;
    }
    const route = await stream.done;
    return {
      text,
      servedBy: route.provider,
      attempts: route.attempts,
      ...(ttftMs === undefined ? {} : { ttftMs }),
    };
  }

  #classify(error: unknown): Pick<ProbeResult, 'class' | 'detail' | 'message' | 'status'> {
    if (error instanceof ProbeFailure)
      return {
        class: error.failureClass,
        message: error.message,
        ...(error.detail ? { detail: error.detail } : {}),
      };
    if (isRouterError(error)) {
      // The class of the last real attempt (never the forced failure of a failover probe).
      const attempt = [...error.attempts]
        .reverse()
        .find((a) => a.detail !== 'forced' && a.outcome !== 'ok' && a.outcome !== 'cancelled');
      const cause = isProviderError(error.cause) && error.cause.detail !== 'forced' ? error.cause : undefined;
      // Past the first chunk the router cannot fail over: what the caller saw is a broken stream.
      const failureClass: FailureClass =
        (error.code === 'stream-interrupted' ? 'stream-interrupted' : undefined) ??
        cause?.code ??
        (attempt && attempt.outcome !== 'ok' && attempt.outcome !== 'cancelled'
          ? attempt.outcome
          : undefined) ??
        ROUTER_CODE_CLASS[error.code];
      return {
        class: failureClass,
        message: cause ? cause.message : error.message,
        ...((attempt?.detail ?? cause?.detail) ? { detail: attempt?.detail ?? cause?.detail } : {}),
        ...(attempt?.status ? { status: attempt.status } : {}),
      };
    }
    const classified = classifyThrown(this.path.provider, error, 'network');
    return {
      class: classified.code,
      message: classified.message,
      ...(classified.detail ? { detail: classified.detail } : {}),
    };
  }

  close(): Promise<void> {
    return this.#router.close();
  }
}
