/**
 * The MSW backend: `setupServer` in-process, for clients on global fetch and node:http(s). It
 * intercepts the real provider hosts (api.openai.com, router.huggingface.co, huggingface.co) and
 * `<name>.brownout.test` for extra providers; other requests pass through.
 */
import { HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { type Action, bodyText, isBuffered } from '../action.ts';
import {
  hostedEndpoints,
  hostedMounts,
  type Mount,
  type ProviderEndpoints,
  resolveMount,
} from '../endpoints.ts';
import type { AttemptTracker } from '../upstream-recorder.ts';
import { EngineInjector } from './base.ts';
import { claimInterceptor } from './guard.ts';
import type { InjectorOptions } from './injector.ts';
import { systemError, terminated } from './network-error.ts';
import { bodyChunks, sleep, untilAborted, withLength } from './playback.ts';

export interface MswInjectorOptions extends InjectorOptions {
  /** What MSW does with requests to other hosts (default `bypass`). */
  onUnhandledRequest?: 'bypass' | 'warn' | 'error';
}

/** Fault injection through MSW. */
export class MswInjector extends EngineInjector {
  readonly backend = 'msw';
  readonly endpoints: ProviderEndpoints;
  private readonly mounts: Mount[];
  private server: SetupServer | undefined;
  private release: (() => void) | undefined;

  constructor(private readonly options: MswInjectorOptions = {}) {
    super('msw', options);
    this.endpoints = hostedEndpoints(options.providers);
    this.mounts = hostedMounts(options.providers);
  }

  protected async activate(): Promise<void> {
    this.release = claimInterceptor('msw');
    const server = setupServer(http.all('*', ({ request }) => this.handle(request)));
    server.listen({ onUnhandledRequest: this.options.onUnhandledRequest ?? 'bypass' });
    this.server = server;
  }

  protected async deactivate(): Promise<void> {
    this.server?.close();
    this.server = undefined;
    this.release?.();
  }

  private async handle(request: Request): Promise<Response | undefined> {
    const url = new URL(request.url);
    const hit = resolveMount(this.mounts, url);
    // Not ours: returning nothing lets other handlers or the unhandled-request policy decide.
    if (!hit) return undefined;
    const { action, attempt } = this.engine.begin({
      provider: hit.provider,
      method: request.method,
      path: hit.path,
      query: url.search.slice(1),
      bodyText: request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text(),
    });
    return this.render(action, attempt, AbortSignal.any([request.signal, this.life.signal]), url.host);
  }

  private async render(
    action: Action,
    attempt: AttemptTracker,
    signal: AbortSignal,
    host: string,
  ): Promise<Response> {
    if (action.type === 'network') {
      attempt.end('reset');
      // fetch rejects with TypeError("Failed to fetch") whose `cause` is this response: giving it the
      // system error's code lets clients classify it as they would undici's. (A thrown error would
      // carry the code too, but MSW 2.15 logs every thrown error as a handler crash.)
      const { code, errno, syscall } = systemError(action.mode, host);
      return Object.assign(HttpResponse.error(), { code, errno, syscall });
    }
    if (action.type === 'hang') {
      await untilAborted(signal);
      attempt.end(this.abortedEnd());
      return HttpResponse.error();
    }
    if (!(await sleep(action.delayMs, signal))) {
      attempt.end(this.abortedEnd());
      return HttpResponse.error();
    }
    attempt.headers();
    if (isBuffered(action)) {
      // Handed over whole: MSW gives no sign of when the client has read it.
      const body = bodyText(action);
      attempt.wrote(action.chunks);
      attempt.end('complete');
      return new HttpResponse(body, { status: action.status, headers: withLength(action, body) });
    }
    const encoder = new TextEncoder();
    const cancel = new AbortController();
    const playing = AbortSignal.any([signal, cancel.signal]);
    const chunks = bodyChunks(action, playing);
    const aborted = () => (cancel.signal.aborted ? 'client-closed' : this.abortedEnd());
    // highWaterMark 0: pull only when the client reads, so every chunk is read before an error.
    const stream = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const next = await chunks.next();
          if (!next.done) {
            attempt.chunk(next.value);
            controller.enqueue(encoder.encode(next.value));
          } else if (next.value === 'complete') {
            attempt.end('complete');
            controller.close();
          } else {
            attempt.end(playing.aborted ? aborted() : 'reset');
            controller.error(terminated());
          }
        },
        cancel: () => {
          attempt.end('client-closed');
          cancel.abort();
        },
      },
      { highWaterMark: 0 },
    );
    return new HttpResponse(stream, { status: action.status, headers: action.headers });
  }
}
