import type { ProviderSlot, RouterCore } from './core.ts';
import { ProviderError } from './errors.ts';
import { type RouterEventListener, RouterEvents } from './events.ts';
import { type ResolvedRouterOptions, type RouterOptions, resolveOptions } from './options.ts';
import { CircuitBreaker } from './policy/breaker.ts';
import { ConcurrencyLimiter } from './policy/concurrency.ts';
import { assertEncodable } from './request-encoding.ts';
import { RequestRun } from './request-run.ts';
import type { Route } from './route.ts';
import { RouterStream, type StartedStream } from './router-stream.ts';
import { prepareSchemaValidators } from './schema.ts';
import { ABORT_HANDLE, type AbortHandle, LinkedAbort } from './signals.ts';
import { fetchTransport } from './transport/fetch-transport.ts';
import type { Transport } from './transport/transport.ts';
import { undiciTransport } from './transport/undici-transport.ts';
import type { ChatCompletion, ChatRequest } from './types.ts';
import { RouterUsageError } from './usage-errors.ts';

export interface CallOptions {
  signal?: AbortSignal;
  /**
   * In place of `signal`, for callers inside brownout (the gateway): a handle such as a LinkedAbort,
   * which the request links to without the cost of a Node AbortSignal and its listeners.
   */
  [ABORT_HANDLE]?: AbortHandle;
}

export interface Router {
  /** A chat completion from the first provider that can serve it; rejects with a `RouterError`. */
  chat(request: ChatRequest, options?: CallOptions): Promise<{ completion: ChatCompletion; route: Route }>;
  /** A streamed chat completion; iterate it with `for await`. */
  stream(request: ChatRequest, options?: CallOptions): RouterStream;
  /** Runs every provider's probe now (the monitor's primitive). */
  probe(provider: string, options?: CallOptions): Promise<{ ok: boolean; ms: number; error?: ProviderError }>;
  /** Typed events: attempt, retry, failover, hedge, breaker, shed, probe. Returns an unsubscribe. */
  subscribe(listener: RouterEventListener): () => void;
  /** Each provider's breaker state. */
  breakers(): Record<string, 'closed' | 'open' | 'half-open' | 'disabled'>;
  readonly providers: string[];
  /** Each provider's configured model, by provider name. */
  readonly models: Readonly<Record<string, string>>;
  readonly transport: Transport;
  /** Closes the transport's connections (when the router created it). */
  close(): Promise<void>;
}

function makeTransport(option: RouterOptions['transport']): { transport: Transport; owned: boolean } {
  if (option === undefined || option === 'undici') return { transport: undiciTransport(), owned: true };
  if (option === 'fetch') return { transport: fetchTransport(), owned: true };
  return { transport: option, owned: false };
}

/**
 * The reference failover router: providers in priority order, each attempt with a timeout,
 * retries with full-jitter backoff that honour Retry-After, a circuit breaker per provider,
 * an overall deadline, optional hedging and load shedding, and one output format.
 *
 * @example
 * const router = createRouter({
 *   providers: [
 *     openai({ apiKey: process.env.OPENAI_API_KEY!, model: 'gpt-4o-mini' }),
 *     huggingface({ accessToken: process.env.HF_TOKEN, model: 'openai/gpt-oss-20b' }),
 *   ],
 *   attemptTimeoutMs: 10_000,
 *   deadlineMs: 30_000,
 * });
 * const { completion, route } = await router.chat({ messages: [{ role: 'user', content: 'Hi' }] });
 */
export function createRouter(options: RouterOptions): Router {
  const resolved: ResolvedRouterOptions = resolveOptions(options);
  prepareSchemaValidators();
  const events = new RouterEvents();
  if (options.onEvent) events.subscribe(options.onEvent);
  const { transport, owned } = makeTransport(options.transport);

  const slots: ProviderSlot[] = options.providers.map((provider) => {
    const limits = options.concurrency?.[provider.name] ?? options.concurrency?.['*'];
    return {
      provider,
      breaker:
        options.breaker === false
          ? undefined
          : new CircuitBreaker(options.breaker ?? {}, resolved.clock, (t) =>
              events.emit({ type: 'breaker', provider: provider.name, ...t }),
            ),
      limiter: limits ? new ConcurrencyLimiter(provider.name, limits) : undefined,
      cooldownUntil: 0,
    };
  });
  const byName = new Map(slots.map((s) => [s.provider.name, s]));
  const probing = new Set<ProviderSlot>();

  async function runProbe(slot: ProviderSlot, signal?: AbortSignal) {
    const abort = new LinkedAbort([signal]);
    abort.abortAfter(resolved.probeTimeoutMs, () => new Error('probe timed out'));
    const started = resolved.clock();
    try {
      await slot.provider.probe({ signal: abort.signal, transport });
      const ms = resolved.clock() - started;
      events.emit({ type: 'probe', provider: slot.provider.name, ok: true, ms });
      return { ok: true, ms };
    } catch (thrown) {
      const ms = resolved.clock() - started;
      const error =
        thrown instanceof ProviderError
          ? thrown
          : new ProviderError(
              abort.signal.aborted ? 'timeout' : 'network',
              `${slot.provider.name} probe failed`,
              {
                provider: slot.provider.name,
                cause: thrown,
              },
            );
      events.emit({ type: 'probe', provider: slot.provider.name, ok: false, ms });
      return { ok: false, ms, error };
    } finally {
      abort.dispose();
    }
  }

  const core: RouterCore = {
    options: resolved,
    slots,
    transport,
    events,
    requestProbe(slot) {
      if (probing.has(slot)) return;
      probing.add(slot);
      void runProbe(slot).then((result) => {
        probing.delete(slot);
        slot.breaker?.probeResult(result.ok);
      });
    },
  };

  return {
    providers: slots.map((s) => s.provider.name),
    models: Object.fromEntries(slots.map((s) => [s.provider.name, s.provider.model])),
    transport,

    async chat(request, callOptions = {}) {
      assertEncodable(request);
      const run = new RequestRun<ChatCompletion>(core, {
        // An error of our own code in the call comes out as `internal` (the attempt classifies it).
        body: (slot, ctx) => slot.provider.complete(request, ctx),
        signal: callOptions[ABORT_HANDLE] ?? callOptions.signal,
        holdSlotOnSuccess: false,
      });
      try {
        const served = await run.execute();
        return { completion: served.value, route: served.route };
      } finally {
        run.dispose();
      }
    },

    stream(request, callOptions = {}) {
      assertEncodable(request);
      const start = () =>
        new RequestRun<StartedStream>(core, {
          body: async (slot, ctx) => {
            const rest = slot.provider.stream(request, ctx)[Symbol.asyncIterator]();
            const first = await rest.next();
            if (first.done) {
              throw new ProviderError(
                'stream-interrupted',
                `${slot.provider.name}'s stream ended before its first chunk`,
                {
                  provider: slot.provider.name,
                  detail: 'empty-stream',
                },
              );
            }
            return { first: first.value, rest };
          },
          signal: callOptions[ABORT_HANDLE] ?? callOptions.signal,
          holdSlotOnSuccess: true,
        });
      return new RouterStream(start, resolved.idleTimeoutMs);
    },

    async probe(name, callOptions = {}) {
      const slot = byName.get(name);
      if (!slot)
        throw new RouterUsageError(
          `router.probe: no provider named "${name}" (have: ${[...byName.keys()].join(', ')})`,
        );
      return runProbe(slot, callOptions.signal);
    },

    subscribe: (listener) => events.subscribe(listener),

    breakers() {
      return Object.fromEntries(slots.map((s) => [s.provider.name, s.breaker?.state ?? 'disabled']));
    },

    async close() {
      if (owned) await transport.close();
    },
  };
}
