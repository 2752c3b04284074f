/**
 * The loopback fault server: a real node:http server that impersonates the OpenAI API, the Hugging
 * Face router and hub (and any OpenAI-compatible provider), injects faults on real sockets (RST,
 * hang, dribble, stall) and takes new faults while traffic flows (control API in DESIGN.md).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isBuffered } from '../action.ts';
import { EngineInjector } from '../backends/base.ts';
import type { InjectorOptions } from '../backends/injector.ts';
import { type ProviderEndpoints, serverEndpoints } from '../endpoints.ts';
import { InjectorStateError } from '../errors.ts';
import type { AttemptTracker } from '../upstream-recorder.ts';
import { handleControl } from './control.ts';
import { BodyTooLargeError, readBodyThen, sendJson } from './http-io.ts';
import { renderToSocket, sendCached, sendWhole } from './render.ts';
import { type Place, placeOf } from './routes.ts';

export interface FaultServerOptions extends InjectorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; loopback unless told otherwise. */
  host?: string;
}

/** The fault server; `start()` listens, `stop()` closes every connection. */
export class FaultServer extends EngineInjector {
  readonly backend = 'server';
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly options: FaultServerOptions = {}) {
    super('server', options);
    this.server = createServer((req, res) => void this.serve(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  private address(): AddressInfo {
    const address = this.server.address() as AddressInfo | null;
    if (!address) throw new InjectorStateError('The fault server is not listening yet: await start() first.');
    return address;
  }

  /** `http://host:port` once listening. */
  get url(): string {
    const { address, family, port } = this.address();
    return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
  }

  get port(): number {
    return this.address().port;
  }

  get endpoints(): ProviderEndpoints {
    return serverEndpoints(this.url, this.options.providers);
  }

  /** Open client connections (for leak checks). */
  get openSockets(): number {
    return this.sockets.size;
  }

  protected activate(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  protected async deactivate(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Hanging and stalled responses never finish by themselves: end their connections.
    const gone = [...this.sockets].map((socket) => {
      const done = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.destroy();
      return done;
    });
    await Promise.all([closed, ...gone]);
  }

  /**
   * One request. Callbacks, not async/await: a healthy answer sent whole costs no promise and no
   * microtask, only the body read.
   */
  private serve(req: IncomingMessage, res: ServerResponse): void {
    let place: Place;
    try {
      place = placeOf(req.url ?? '/');
    } catch (error) {
      this.fail(res, error, undefined);
      return;
    }
    const target = place.route;
    if (target.type === 'control') {
      handleControl(target.path, req, res, this).catch((error: unknown) => this.fail(res, error, undefined));
      return;
    }
    if (target.type === 'none') {
      sendJson(res, 404, {
        error: { code: 'BROWNOUT_NOT_FOUND', message: `no provider at ${place.pathname}` },
      });
      return;
    }
    readBodyThen(req, (error, bodyText) => {
      if (error) this.fail(res, error, undefined);
      else this.answer(req, res, target.provider, target.path, place.query, bodyText);
    });
  }

  private answer(
    req: IncomingMessage,
    res: ServerResponse,
    provider: string,
    path: string,
    query: string,
    bodyText: string,
  ): void {
    let attempt: AttemptTracker | undefined;
    try {
      const begun = this.engine.begin({ provider, method: req.method ?? 'GET', path, query, bodyText }, true);
      attempt = begun.attempt;
      const tracker = attempt;
      const { action, whole } = begun;
      // An answer sent whole at once needs no abort signal nor timer: nothing waits, nothing is cut.
      if (action.type === 'respond' && action.delayMs <= 0 && isBuffered(action)) {
        if (whole) sendCached(action, whole, res, tracker);
        else sendWhole(action, res, tracker, false);
        // Handed to the kernel whole already (the usual case on a free socket): the answer went
        // out, and no listener is needed to say so.
        const socket = res.socket;
        if (socket !== null && !socket.destroyed && socket.writableLength === 0) tracker.end('complete');
        // Otherwise one listener ('close' comes once: no `once` wrapper): the answer went out
        // whole, or the client went away (or the server stopped).
        else res.on('close', () => tracker.end(res.writableFinished ? 'complete' : this.abortedEnd()));
        return;
      }
      const done = new AbortController();
      // 'close' on the response: finished, or the client went away.
      res.on('close', () => {
        if (!res.writableFinished) tracker.end(this.abortedEnd());
        done.abort(CLOSED);
      });
      const signal = AbortSignal.any([done.signal, this.life.signal]);
      renderToSocket(action, req, res, signal, tracker, () => this.abortedEnd()).catch((error: unknown) =>
        this.fail(res, error, tracker),
      );
    } catch (error) {
      this.fail(res, error, attempt);
    }
  }

  /** A request that failed on our side: the attempt ends as a reset, the client gets a 500 (or 413). */
  private fail(res: ServerResponse, error: unknown, attempt: AttemptTracker | undefined): void {
    attempt?.end('reset');
    if (res.headersSent) return void res.destroy();
    const status = error instanceof BodyTooLargeError ? 413 : 500;
    sendJson(res, status, { error: { code: 'BROWNOUT_SERVER', message: (error as Error).message } });
  }
}

/** The abort reason of a closed response: made once, as building a DOMException per request is not free. */
const CLOSED = new Error('the response closed');

/**
 * Starts a fault server.
 *
 * @example
 * const server = await startFaultServer({ port: 0, faults: [{ kind: 'http-error', target: 'openai', status: 503 }] });
 * server.endpoints.openai.baseURL; // http://127.0.0.1:40123/openai/v1
 * await server.stop();
 */
export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const server = new FaultServer(options);
  await server.start();
  return server;
}
