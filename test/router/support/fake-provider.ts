import { type ErrorClass, ProviderError, type ProviderErrorInit } from '../../../src/router/errors.ts';
import type { Provider, ProviderCallContext } from '../../../src/router/providers/provider.ts';
import type { Transport } from '../../../src/router/transport/transport.ts';
import type { ChatCompletion, ChatCompletionChunk } from '../../../src/router/types.ts';

/** One call a fake provider received. */
export interface FakeCall {
  kind: 'complete' | 'stream' | 'probe';
  /** 1-based, per kind. */
  n: number;
  signal: AbortSignal;
  /** `Date.now()` when the call began (fake timers make it exact). */
  at: number;
}

export interface FakeScript {
  complete?: (call: FakeCall) => Promise<ChatCompletion>;
  stream?: (call: FakeCall) => AsyncIterable<ChatCompletionChunk>;
  probe?: (call: FakeCall) => Promise<void>;
}

export interface FakeProvider extends Provider {
  readonly calls: FakeCall[];
  callsOf(kind: FakeCall['kind']): FakeCall[];
}

/** A provider with no network: each method runs the script it was given, and every call is recorded. */
export function fakeProvider(name: string, script: FakeScript): FakeProvider {
  const calls: FakeCall[] = [];
  const record = (kind: FakeCall['kind'], ctx: ProviderCallContext): FakeCall => {
    const call = {
      kind,
      n: calls.filter((c) => c.kind === kind).length + 1,
      signal: ctx.signal,
      at: Date.now(),
    };
    calls.push(call);
    return call;
  };
  const missing = (what: string) => new Error(`fake provider ${name} has no ${what} script`);
  return {
    name,
    model: `${name}-model`,
    calls,
    callsOf: (kind) => calls.filter((c) => c.kind === kind),
    complete(_request, ctx) {
      const call = record('complete', ctx);
      return script.complete ? script.complete(call) : Promise.reject(missing('complete'));
    },
    stream(_request, ctx) {
      const call = record('stream', ctx);
      if (!script.stream) throw missing('stream');
      return script.stream(call);
    },
    probe(ctx) {
      const call = record('probe', ctx);
      return script.probe ? script.probe(call) : Promise.resolve();
    },
  };
}

/** A transport that must never be used: fake providers do not touch the network. */
export const noTransport: Transport = {
  name: 'none',
  request: () => Promise.reject(new Error('noTransport: fake providers must not use the network')),
  fetch: () => Promise.reject(new Error('noTransport: fake providers must not use the network')),
  close: async () => {},
};

/** A schema-valid completion saying `text`. */
export function completion(text: string, model = 'fake-model'): ChatCompletion {
  return {
    id: `chatcmpl-${text.length}`,
    object: 'chat.completion',
    created: 1_764_000_000,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
  };
}

/** A schema-valid stream chunk. */
export function chunk(content: string, finish: 'stop' | 'length' | null = null): ChatCompletionChunk {
  return {
    id: 'chatcmpl-stream',
    object: 'chat.completion.chunk',
    created: 1_764_000_000,
    model: 'fake-model',
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  };
}

/** A classified provider failure, as a real provider would throw it. */
export function providerError(
  code: ErrorClass,
  provider: string,
  init: Omit<ProviderErrorInit, 'provider'> = {},
): ProviderError {
  return new ProviderError(code, `${provider}: ${code}`, { provider, ...init });
}

/** Never settles on its own; rejects with the signal's reason when it aborts (as real transports do). */
export function hangUntilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** Resolves with `value` after `ms`, or rejects when the signal aborts first. */
export function answerAfter<T>(ms: number, signal: AbortSignal, value: () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(value()), ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

export interface ScriptedStream {
  /** Chunks yielded in order. */
  chunks: ChatCompletionChunk[];
  /** Wait this long before each chunk (default 0). */
  gapMs?: number;
  /** After this many chunks, hang until aborted. */
  stallAfter?: number;
  /** After this many chunks, throw this error. */
  failAfter?: { count: number; error: unknown };
}

/** A provider stream that honours the call's signal, like a real socket body does. */
export async function* scriptedStream(
  call: FakeCall,
  script: ScriptedStream,
  onReturn?: () => void,
): AsyncGenerator<ChatCompletionChunk> {
  try {
    for (let i = 0; i < script.chunks.length; i++) {
      if (script.stallAfter === i) await hangUntilAborted(call.signal);
      if (script.failAfter?.count === i) throw script.failAfter.error;
      if (script.gapMs) await answerAfter(script.gapMs, call.signal, () => undefined);
      yield script.chunks[i] as ChatCompletionChunk;
    }
    if (script.stallAfter === script.chunks.length) await hangUntilAborted(call.signal);
    if (script.failAfter?.count === script.chunks.length) throw script.failAfter.error;
  } finally {
    onReturn?.();
  }
}

/** A provider that answers at once, with its own name in the text. */
export const healthy = (name: string): FakeProvider =>
  fakeProvider(name, { complete: async () => completion(`${name} answered`) });

/** A provider whose every call fails with `code`. */
export const failing = (
  name: string,
  code: ErrorClass,
  init: Omit<ProviderErrorInit, 'provider'> = {},
): FakeProvider =>
  fakeProvider(name, {
    complete: async () => {
      throw providerError(code, name, init);
    },
  });
