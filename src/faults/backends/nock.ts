/**
 * The nock backend, for suites that already use nock: persistent interceptors on the real provider
 * hosts (and `<name>.brownout.test`), answering through the same engine as every backend. nock
 * activates itself on import, so it is imported only when this backend starts.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { Interceptor } from 'nock';
import { type Action, bodyText, isBuffered } from '../action.ts';
import { hostedEndpoints, hostedMounts, type Mount, type ProviderEndpoints } from '../endpoints.ts';
import type { AttemptTracker } from '../upstream-recorder.ts';
import { EngineInjector } from './base.ts';
import { claimInterceptor } from './guard.ts';
import type { InjectorOptions } from './injector.ts';
import { fetchFailed, terminated } from './network-error.ts';
import { bodyChunks, sleep, untilAborted, withLength } from './playback.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

type NockReply = [number, string | Readable, Record<string, string>];

/** Fault injection through nock. */
export class NockInjector extends EngineInjector {
  readonly backend = 'nock';
  readonly endpoints: ProviderEndpoints;
  private readonly mounts: Mount[];
  private interceptors: Interceptor[] = [];
  private release: (() => void) | undefined;

  constructor(options: InjectorOptions = {}) {
    super('nock', options);
    this.endpoints = hostedEndpoints(options.providers);
    this.mounts = hostedMounts(options.providers);
  }

  protected async activate(): Promise<void> {
    // Claim before importing: importing nock is what would break an active MSW.
    this.release = claimInterceptor('nock');
    const { default: nock } = await import('nock');
    if (!nock.isActive()) nock.activate();
    const injector = this;
    for (const mount of this.mounts) {
      const scope = nock(mount.origin).persist();
      for (const method of METHODS) {
        const interceptor = scope.intercept(/.*/, method);
        // A plain function: nock passes the request as `this.req`.
        interceptor.reply(async function (this: { req: ClientRequest }, uri, body) {
          return injector.handle(mount, this.req, uri, body);
        });
        this.interceptors.push(interceptor);
      }
    }
  }

  protected async deactivate(): Promise<void> {
    const { default: nock } = await import('nock');
    for (const interceptor of this.interceptors) nock.removeInterceptor(interceptor);
    this.interceptors = [];
    // Leave nock on if the suite has mocks of its own.
    if (nock.activeMocks().length === 0) nock.restore();
    this.release?.();
  }

  private async handle(mount: Mount, req: ClientRequest, uri: string, body: unknown): Promise<NockReply> {
    const url = new URL(uri, mount.origin);
    const method = req.method;
    const { action, attempt } = this.engine.begin({
      provider: mount.provider,
      method,
      path: url.pathname,
      query: url.search.slice(1),
      // nock hands over the body parsed when it is JSON.
      bodyText:
        body === undefined || body === '' ? '' : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return this.render(action, attempt, url.host, req);
  }

  private async render(
    action: Action,
    attempt: AttemptTracker,
    host: string,
    req: ClientRequest,
  ): Promise<NockReply> {
    const signal = this.life.signal;
    // A rejection here is what nock turns into the request's error.
    if (action.type === 'network') {
      attempt.end('reset');
      throw fetchFailed(action.mode, host);
    }
    // nock's reply callback never learns that the client left before the headers: waits end with
    // the injector (recorded as `hang`).
    if (action.type === 'hang') {
      await untilAborted(signal);
      attempt.end('hang');
      throw terminated();
    }
    if (!(await sleep(action.delayMs, signal))) {
      attempt.end('hang');
      throw terminated();
    }
    attempt.headers();
    if (isBuffered(action)) {
      const body = bodyText(action);
      attempt.wrote(action.chunks);
      attempt.end('complete');
      return [action.status, body, withLength(action, body)];
    }
    // The client leaving destroys the body stream: that ends playback too.
    const gone = new AbortController();
    const playing = AbortSignal.any([signal, gone.signal]);
    const chunks = bodyChunks(action, playing);
    // nock re-emits a body error on the response it built for the client. A client that left before
    // the headers never got that response, so nothing listens there: the error would be uncaught
    // and kill the process. The body then ends without one (nobody can see it either way).
    let response: IncomingMessage | undefined;
    req.once('response', (message: IncomingMessage) => {
      response = message;
    });
    const clientListens = () => (response?.listenerCount('error') ?? 0) > 0;
    // highWaterMark 0 and pull-driven: nothing plays before the client reads (and listens for errors),
    // and every chunk is read before the body breaks.
    const stream = new Readable({
      highWaterMark: 0,
      read() {
        void chunks.next().then((next) => {
          if (!next.done) {
            attempt.chunk(next.value);
            stream.push(next.value);
          } else if (next.value === 'complete') {
            attempt.end('complete');
            stream.push(null);
          } else {
            attempt.end(gone.signal.aborted ? 'client-closed' : signal.aborted ? 'hang' : 'reset');
            stream.destroy(clientListens() ? terminated() : undefined);
          }
        });
      },
    });
    stream.once('close', () => {
      // Closed before the body ended, and not by us: the client went away.
      attempt.end('client-closed');
      gone.abort();
    });
    return [action.status, stream, action.headers];
  }
}
