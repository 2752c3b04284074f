/** `network`: the connection fails: reset (RST), refused, or the name does not resolve. */
import type * as z from 'zod';
import { oneOf } from '../fields.ts';
import type { Support } from '../support.ts';
import { defineKind, kindSchema } from './types.ts';

const MSW_NETWORK =
  'built in-process, no socket fails: fetch rejects with TypeError "Failed to fetch" whose `cause.code` is ECONNRESET / ECONNREFUSED / ENOTFOUND; node:http clients get TypeError "Network error" without a code';
const NOCK_NETWORK =
  'built in-process, no socket fails: the request fails with TypeError "fetch failed" carrying `code` and `cause.code` ECONNRESET / ECONNREFUSED / ENOTFOUND, as undici\'s fetch does';

/** MockAgent's dispatcher fails the request with undici's own error for `code`. */
function dispatcherError(code: string): Support {
  return {
    level: 'emulated',
    note: `the dispatcher fails the request with undici's error (\`code\` ${code})`,
  };
}

const schema = kindSchema('network', {
  mode: oneOf(['reset', 'refused', 'dns'] as const).default('reset'),
});

/** A validated `network` fault, defaults applied. */
export type NetworkFault = z.output<typeof schema>;

export const network = defineKind({
  schema,
  variants: ['network:reset', 'network:refused', 'network:dns'],
  variant: (fault) => `network:${fault.mode}`,
  support: {
    'network:reset': {
      msw: { level: 'emulated', note: MSW_NETWORK },
      nock: { level: 'emulated', note: NOCK_NETWORK },
      server: { level: 'native', note: 'a real RST (`socket.resetAndDestroy()`): ECONNRESET' },
      'mock-agent': dispatcherError('ECONNRESET'),
    },
    'network:refused': {
      msw: { level: 'emulated', note: MSW_NETWORK },
      nock: { level: 'emulated', note: NOCK_NETWORK },
      server: {
        level: 'emulated',
        note: 'a listening port cannot refuse one request: the server closes the connection before answering (UND_ERR_SOCKET "other side closed")',
      },
      'mock-agent': dispatcherError('ECONNREFUSED'),
    },
    'network:dns': {
      msw: { level: 'emulated', note: MSW_NETWORK },
      nock: { level: 'emulated', note: NOCK_NETWORK },
      server: {
        level: 'unsupported',
        note: 'names are resolved before a request reaches a loopback server; use msw, nock or mock-agent',
      },
      'mock-agent': dispatcherError('ENOTFOUND'),
    },
  },
  action: (fault) => ({ type: 'network', mode: fault.mode }),
});
