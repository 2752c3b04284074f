/**
 * `malformed`: a 200 the client cannot use.
 * - `invalid-json`: the healthy body cut in half (a stream: its second event cut in half).
 * - `garbage`: bytes that are no format at all, then the connection closes.
 * - `wrong-content-type`: an HTML page (a proxy or portal answering instead of the API).
 */
import type * as z from 'zod';
import { answerChunks, SSE_DONE } from '../fakes/answer.ts';
import { oneOf } from '../fields.ts';
import type { Random } from '../random.ts';
import { defineKind, kindSchema } from './types.ts';

const schema = kindSchema('malformed', {
  mode: oneOf(['invalid-json', 'garbage', 'wrong-content-type'] as const).default('invalid-json'),
});

/** A validated `malformed` fault, defaults applied. */
export type MalformedFault = z.output<typeof schema>;

const HTML = `<!DOCTYPE html>
<html><head><title>Network access portal</title></head>
<body><h1>Sign in to continue</h1><p>Your network requires you to sign in before you can reach this site.</p></body></html>
`;

const NOISE = '\u0000\u0001\u0002\u001b\u007f\ufffd{}[]":,<>?!#%&*~^|\\\t\r\n abcdefXYZ0123456789';

function garbage(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += NOISE[Math.floor(random() * NOISE.length)];
  return out;
}

export const malformed = defineKind({
  schema,
  variants: ['malformed:invalid-json', 'malformed:garbage', 'malformed:wrong-content-type'],
  variant: (fault) => `malformed:${fault.mode}`,
  action(fault, ctx) {
    const healthy = ctx.healthy();
    const base = ctx.render(healthy);
    const headers = { ...base.headers };
    if (fault.mode === 'wrong-content-type') {
      headers['content-type'] = 'text/html; charset=utf-8';
      return ctx.render({ type: 'text', status: 200, headers, text: HTML });
    }
    if (fault.mode === 'garbage') {
      headers.connection = 'close';
      return ctx.render({ type: 'text', status: 200, headers, text: garbage(ctx.random, 256) });
    }
    const chunks = answerChunks(healthy);
    const victim = chunks.length > 1 ? 1 : 0;
    const event = chunks[victim]!;
    // Cut a stream event inside its JSON but keep the event framing, so only the JSON is broken.
    chunks[victim] =
      healthy.type === 'sse' && event !== SSE_DONE
        ? `${event.slice(0, Math.floor(event.length / 2))}\n\n`
        : event.slice(0, Math.floor(event.length / 2));
    return { ...base, chunks: chunks.map((data, i) => ({ delayMs: base.chunks[i]?.delayMs ?? 0, data })) };
  },
});
