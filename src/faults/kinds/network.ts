/** `network`: the connection fails: reset (RST), refused, or the name does not resolve. */
import { defineKind } from './types.ts';

export const network = defineKind({
  kind: 'network',
  variants: ['network:reset', 'network:refused', 'network:dns'],
  variant: (fault) => `network:${fault.mode}`,
  action: (fault) => ({ type: 'network', mode: fault.mode }),
});
