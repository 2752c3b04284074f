/**
 * `stream-cut`: a 200 stream that breaks after `afterChunks` complete events (streaming chat only).
 * - `mid-event`: the connection drops inside the next event; the client's read fails.
 * - `no-done`: the stream ends cleanly with no `finish_reason` and no `[DONE]` (the silent one).
 * - `error-event`: an error event inside the 200 stream, then a clean end.
 * - `error-finish`: a chunk whose `finish_reason` is `"error"` (vLLM, some gateways), then a clean end.
 * - `complete-no-done`: the whole answer (finish and usage chunks included), then a clean end
 *   with no `[DONE]`: complete, and a client that waits for `[DONE]` waits for nothing.
 *   (`afterChunks` does not apply.)
 */
import type * as z from 'zod';
import { sseEvent } from '../fakes/answer.ts';
import { fixtureJson } from '../fakes/fixtures.ts';
import { int, oneOf } from '../fields.ts';
import type { ProviderRequest } from '../request.ts';
import { isChatCompletion } from '../request.ts';
import { MOCK_AGENT_BUFFERS } from '../support.ts';
import { defineKind, kindSchema } from './types.ts';

const IN_PROCESS_CUT =
  'the body stream errors with TypeError "terminated" (`cause.code` UND_ERR_SOCKET), as undici does';

const schema = kindSchema('stream-cut', {
  mode: oneOf(['mid-event', 'no-done', 'error-event', 'error-finish', 'complete-no-done'] as const).default(
    'mid-event',
  ),
  afterChunks: int(0, 100_000).default(2),
});

/** A validated `stream-cut` fault, defaults applied. */
export type StreamCutFault = z.output<typeof schema>;

type Chunk = { choices?: Array<{ finish_reason?: unknown }> };

/** The events that carry content: everything before the finish and usage chunks. */
function contentEvents(events: unknown[]): unknown[] {
  const end = events.findIndex((e) => {
    const choices = (e as Chunk).choices ?? [];
    return choices.length === 0 || choices.some((c) => c.finish_reason != null);
  });
  return end === -1 ? events : events.slice(0, end);
}

function errorPayload(request: ProviderRequest): unknown {
  if (request.dialect === 'openai') return fixtureJson('openai/errors/500-server-error.json');
  // Text Generation Inference's in-stream error.
  return {
    error: 'Request failed during generation: Server error: CUDA out of memory',
    error_type: 'generation',
  };
}

export const streamCut = defineKind({
  schema,
  variants: [
    'stream-cut:mid-event',
    'stream-cut:no-done',
    'stream-cut:error-event',
    'stream-cut:error-finish',
    'stream-cut:complete-no-done',
  ],
  variant: (fault) => `stream-cut:${fault.mode}`,
  support: {
    'stream-cut:mid-event': {
      msw: { level: 'emulated', note: IN_PROCESS_CUT },
      nock: { level: 'emulated', note: IN_PROCESS_CUT },
      'mock-agent': { level: 'unsupported', note: MOCK_AGENT_BUFFERS },
    },
  },
  applies: (_fault, request) => request.stream && isChatCompletion(request),
  action(fault, ctx) {
    const healthy = ctx.healthy();
    const base = ctx.render(healthy);
    // A provider-side error before the stream started (e.g. 404) is left as it is.
    if (healthy.type !== 'sse') return base;
    if (fault.mode === 'complete-no-done') return ctx.render({ ...healthy, done: false });
    const content = contentEvents(healthy.events);
    const kept = content.slice(0, Math.min(fault.afterChunks, content.length)).map((e) => sseEvent(e));
    const tail: string[] = [];
    if (fault.mode === 'mid-event') {
      const next = sseEvent(healthy.events[kept.length] ?? content.at(-1));
      tail.push(next.slice(0, Math.floor(next.length / 2)));
    } else if (fault.mode === 'error-event') {
      tail.push(sseEvent(errorPayload(ctx.request)));
    } else if (fault.mode === 'error-finish') {
      const last = structuredClone((content.at(-1) ?? healthy.events[0]) as Chunk & Record<string, unknown>);
      for (const choice of last.choices ?? []) {
        Object.assign(choice, { delta: {}, finish_reason: 'error' });
      }
      tail.push(sseEvent(last));
    }
    const gap = base.chunks[1]?.delayMs ?? 0;
    return {
      ...base,
      chunks: [...kept, ...tail].map((data, i) => ({ delayMs: i === 0 ? 0 : gap, data })),
      end: fault.mode === 'mid-event' ? 'error' : 'complete',
    };
  },
});
