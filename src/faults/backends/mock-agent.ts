/**
 * The undici MockAgent backend, for a router whose transport is the undici package: hand it
 * `injector.dispatcher` where it would create `new Agent()`. Answers go through MockAgent, which
 * buffers bodies, so dribbles, stalls and mid-body cuts are unsupported (see the matrix). Waits,
 * hangs and connection errors happen in a dispatcher interceptor in front of it, where the
 * client's abort can reach them.
 */
import { type Dispatcher, MockAgent } from 'undici';
import { type Action, bodyText, type RespondAction } from '../action.ts';
import {
  hostedEndpoints,
  hostedMounts,
  type Mount,
  type ProviderEndpoints,
  resolveMount,
} from '../endpoints.ts';
import { InjectorStateError } from '../errors.ts';
import { EngineInjector } from './base.ts';
import type { InjectorOptions } from './injector.ts';
import { systemError } from './network-error.ts';
import { sleep, untilAborted, withLength } from './playback.ts';

function requestBody(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return '';
}

/** Fault injection through an undici MockAgent. */
export class MockAgentInjector extends EngineInjector {
  readonly backend = 'mock-agent';
  readonly endpoints: ProviderEndpoints;
  /** The MockAgent answering in the end; its interceptors are registered on `start()`. */
  readonly agent = new MockAgent();
  /** Give this to the router's undici transport (or `setGlobalDispatcher`). */
  readonly dispatcher: Dispatcher;
  private readonly mounts: Mount[];
  private closed = false;
  /** The answer MockAgent is about to deliver; its reply callback runs synchronously in dispatch. */
  private current: RespondAction | undefined;

  constructor(options: InjectorOptions = {}) {
    super('mock-agent', options);
    this.endpoints = hostedEndpoints(options.providers);
    this.mounts = hostedMounts(options.providers);
    this.dispatcher = this.agent.compose(
      (dispatch) => (opts, handler) => this.dispatch(dispatch, opts, handler),
    );
  }

  protected async activate(): Promise<void> {
    if (this.closed) {
      throw new InjectorStateError(
        'This mock-agent backend was stopped (its MockAgent is closed): create a new one.',
      );
    }
    this.agent.disableNetConnect();
    for (const origin of new Set(this.mounts.map((m) => m.origin))) {
      this.agent
        .get(origin)
        .intercept({ path: () => true, method: () => true })
        .reply(() => {
          const action = this.current;
          if (!action) throw new InjectorStateError('MockAgent replied outside a brownout dispatch.');
          const body = bodyText(action);
          return {
            statusCode: action.status,
            data: body,
            responseOptions: { headers: withLength(action, body) },
          };
        })
        .persist();
    }
  }

  protected async deactivate(): Promise<void> {
    this.closed = true;
    await this.agent.close();
  }

  private dispatch(
    next: Dispatcher.Dispatch,
    opts: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
  ): boolean {
    const url = new URL(opts.path, opts.origin);
    const hit = resolveMount(this.mounts, url);
    if (!hit) return next(opts, handler);
    const { action, attempt } = this.engine.begin({
      provider: hit.provider,
      method: opts.method,
      path: hit.path,
      query: url.search.slice(1),
      bodyText: requestBody(opts.body),
    });
    // Own the request until MockAgent takes over, so a client abort ends our waits.
    const aborted = new AbortController();
    let settled = false;
    const controller: Dispatcher.DispatchController = {
      abort: (reason) => {
        aborted.abort(reason);
        fail(reason);
      },
      pause() {},
      resume() {},
      aborted: false,
      paused: false,
      reason: null,
    };
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      attempt.end(action.type === 'network' ? 'reset' : this.abortedEnd());
      handler.onResponseError?.(controller, error);
    };
    handler.onRequestStart?.(controller, {});
    void this.play(action, AbortSignal.any([aborted.signal, this.life.signal]), url.hostname).then(
      (outcome) => {
        if (settled) return;
        if (outcome instanceof Error) return fail(outcome);
        settled = true;
        // MockAgent delivers the whole body at once, and cannot tell when the client closes after.
        attempt.headers();
        attempt.wrote(outcome.chunks);
        attempt.end('complete');
        this.current = outcome;
        try {
          next(opts, handler);
        } finally {
          this.current = undefined;
        }
      },
    );
    return true;
  }

  /** Waits as the action says; resolves to the answer to deliver, or the error to fail with. */
  private async play(action: Action, signal: AbortSignal, host: string): Promise<RespondAction | Error> {
    if (action.type === 'network') return systemError(action.mode, host);
    const stopped = () => (signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (action.type === 'hang') {
      await untilAborted(signal);
      return stopped();
    }
    // MockAgent delivers the body at once: wait for when its last byte would have arrived.
    const total = action.delayMs + action.chunks.reduce((sum, chunk) => sum + chunk.delayMs, 0);
    return (await sleep(total, signal)) ? action : stopped();
  }
}
