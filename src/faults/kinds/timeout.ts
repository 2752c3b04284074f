/**
 * `timeout`: the provider is slow or silent.
 * - `hang`: never answers (no status, no headers).
 * - `slow-headers`: the healthy answer, headers after `afterMs` (default 10 s).
 * - `slow-body`: headers at once, the body dribbled over `bodyMs` (default 10 s).
 * - `stall`: `afterChunks` chunks (default 1), then silence: forever, or for `stallMs` before the rest.
 */
import type * as z from 'zod';
import type { BodyChunk } from '../action.ts';
import { answerChunks } from '../fakes/answer.ts';
import { int, ms, oneOf, onlyForMode } from '../fields.ts';
import { MOCK_AGENT_BUFFERS } from '../support.ts';
import { defineKind, kindSchema } from './types.ts';

const schema = kindSchema('timeout', {
  mode: oneOf(['hang', 'slow-headers', 'slow-body', 'stall'] as const).default('hang'),
  afterMs: ms().optional(),
  bodyMs: ms().optional(),
  afterChunks: int(0, 100_000).optional(),
  stallMs: ms().optional(),
}).superRefine(
  onlyForMode('mode', {
    afterMs: ['slow-headers'],
    bodyMs: ['slow-body'],
    afterChunks: ['stall'],
    stallMs: ['stall'],
  }),
);

/** A validated `timeout` fault, defaults applied. */
export type TimeoutFault = z.output<typeof schema>;

const DEFAULT_MS = 10_000;
const PIECES = 10;

/** A body as pieces: a stream's events as they are, a plain body cut in up to ten slices. */
function pieces(chunks: string[]): string[] {
  if (chunks.length > 1) return chunks;
  const text = chunks.join('');
  const size = Math.max(1, Math.ceil(text.length / PIECES));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

export const timeout = defineKind({
  schema,
  variants: ['timeout:hang', 'timeout:slow-headers', 'timeout:slow-body', 'timeout:stall'],
  variant: (fault) => `timeout:${fault.mode}`,
  support: {
    'timeout:slow-body': { 'mock-agent': { level: 'unsupported', note: MOCK_AGENT_BUFFERS } },
    'timeout:stall': { 'mock-agent': { level: 'unsupported', note: MOCK_AGENT_BUFFERS } },
  },
  intact: (fault) => fault.mode !== 'hang' && (fault.mode !== 'stall' || fault.stallMs !== undefined),
  action(fault, ctx) {
    if (fault.mode === 'hang') return { type: 'hang' };
    const healthy = ctx.healthy();
    if (fault.mode === 'slow-headers') return ctx.render(healthy, { delayMs: fault.afterMs ?? DEFAULT_MS });
    const base = ctx.render(healthy);
    const parts = pieces(answerChunks(healthy));
    if (fault.mode === 'slow-body') {
      const gap = parts.length > 1 ? (fault.bodyMs ?? DEFAULT_MS) / (parts.length - 1) : 0;
      return { ...base, chunks: parts.map((data, i) => ({ delayMs: i === 0 ? 0 : gap, data })) };
    }
    const sent = Math.min(fault.afterChunks ?? 1, parts.length);
    const chunks: BodyChunk[] = parts.slice(0, sent).map((data) => ({ delayMs: 0, data }));
    if (fault.stallMs === undefined) return { ...base, chunks, end: 'hang' };
    const rest = parts.slice(sent).map((data, i) => ({ delayMs: i === 0 ? fault.stallMs! : 0, data }));
    return { ...base, chunks: [...chunks, ...rest] };
  },
});
