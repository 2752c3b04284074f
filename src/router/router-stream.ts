import { classifyThrown } from './classify.ts';
import { type AttemptRecord, isProviderError, RouterError } from './errors.ts';
import { IdleTimer } from './idle-timer.ts';
import { ourSideError } from './our-side.ts';
import type { RequestRun, Served } from './request-run.ts';
import type { Route } from './route.ts';
import { AbortReason, raceAbort } from './signals.ts';
import type { ChatCompletionChunk } from './types.ts';
import { RouterUsageError } from './usage-errors.ts';

/** What a stream attempt hands back once its first chunk has arrived. */
export interface StartedStream {
  first: ChatCompletionChunk;
  rest: AsyncIterator<ChatCompletionChunk>;
}

const hasFinish = (chunk: ChatCompletionChunk) => chunk.choices.some((c) => c.finish_reason != null);

/**
 * A routed stream of `chat.completion.chunk` objects. Until its first chunk, failover is
 * invisible; after it, a break ends the iteration with a `RouterError` (`stream-interrupted`,
 * `aborted`), never with a clean end: a stream that ends without a finish_reason is an error too.
 */
export class RouterStream implements AsyncIterable<ChatCompletionChunk> {
  /** Makes the request's run: only on first iteration, so an unread stream holds no timer or listener. */
  readonly #start: () => RequestRun<StartedStream>;
  #started: RequestRun<StartedStream> | undefined;
  readonly #idleTimeoutMs: number;
  #route: Route | undefined;
  #iterated = false;
  readonly #settled: Promise<Route>;
  #resolveRoute!: (route: Route) => void;
  #rejectRoute!: (error: unknown) => void;

  constructor(start: () => RequestRun<StartedStream>, idleTimeoutMs: number) {
    this.#start = start;
    this.#idleTimeoutMs = idleTimeoutMs;
    this.#settled = new Promise<Route>((resolve, reject) => {
      this.#resolveRoute = resolve;
      this.#rejectRoute = reject;
    });
    this.#settled.catch(() => {});
  }

  /** The route, once the stream has ended (rejects as the stream did). */
  get done(): Promise<Route> {
    return this.#settled;
  }

  /** The route so far: set when the first chunk arrived. */
  get route(): Route | undefined {
    return this.#route;
  }

  /** Every attempt so far, including failed ones before the serving attempt. */
  get attempts(): AttemptRecord[] {
    return this.#started?.attempts ?? [];
  }

  /** The run (and its deadline) begins when the stream is first iterated. */
  get #run(): RequestRun<StartedStream> {
    this.#started ??= this.#start();
    return this.#started;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    if (this.#iterated) throw new RouterUsageError('a RouterStream can be iterated once');
    this.#iterated = true;
    let served: Served<StartedStream>;
    try {
      served = await this.#run.execute();
    } catch (error) {
      this.#run.dispose();
      this.#rejectRoute(error);
      throw error;
    }
    this.#run.stopDeadline();
    this.#route = served.route;
    const { abort, slot } = served;
    const { first, rest } = served.value;
    let finished = hasFinish(first);
    let ended = false;
    const idle = new IdleTimer(this.#idleTimeoutMs, () =>
      abort.abort(new AbortReason('idle-timeout', 'stream went idle')),
    );
    try {
      yield first;
      for (;;) {
        idle.start();
        let next: IteratorResult<ChatCompletionChunk>;
        try {
          next = await raceAbort(rest.next(), abort);
        } catch (thrown) {
          throw this.#interrupted(thrown, abort.signal, slot.provider.name);
        } finally {
          idle.stop();
        }
        if (next.done) break;
        if (hasFinish(next.value)) finished = true;
        yield next.value;
      }
      if (!finished) {
        throw new RouterError(
          'stream-interrupted',
          `${slot.provider.name}'s stream ended without a finish_reason: the answer is incomplete`,
          { attempts: this.#run.attempts },
        );
      }
      ended = true;
      this.#resolveRoute(served.route);
    } catch (error) {
      // A break on our side (a normalizer bug) says nothing of the provider's health.
      if (
        error instanceof RouterError &&
        error.code === 'stream-interrupted' &&
        !(isProviderError(error.cause) && error.cause.code === 'internal')
      )
        slot.breaker?.failure(undefined);
      this.#rejectRoute(error);
      throw error;
    } finally {
      if (!ended) {
        // The consumer stopped early or the stream broke: close the upstream socket now.
        abort.abort(new AbortReason('done', 'stream closed'));
        void rest.return?.().catch(() => {});
        this.#rejectRoute(
          new RouterError('aborted', 'the consumer stopped reading the stream', {
            attempts: this.#run.attempts,
          }),
        );
      }
      idle.dispose();
      abort.dispose();
      served.release();
      this.#run.dispose();
    }
  }

  #interrupted(thrown: unknown, signal: AbortSignal, provider: string): RouterError {
    const reason = signal.aborted ? signal.reason : undefined;
    const attempts = this.#run.attempts;
    if (reason instanceof AbortReason && reason.kind === 'idle-timeout') {
      return new RouterError(
        'stream-interrupted',
        `${provider}'s stream stalled: no chunk for ${this.#idleTimeoutMs} ms`,
        { attempts, cause: thrown },
      );
    }
    if (reason !== undefined && !(reason instanceof AbortReason)) {
      return new RouterError('aborted', 'the caller aborted the stream', { attempts, cause: reason });
    }
    const error = ourSideError(provider, thrown) ?? classifyThrown(provider, thrown, 'stream-interrupted');
    return new RouterError(
      'stream-interrupted',
      `${provider}'s stream broke after it began: ${error.message}`,
      {
        attempts,
        cause: error,
      },
    );
  }
}
