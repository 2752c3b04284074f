/** Drives a FaultEngine directly: the catalog's output without any backend in the way. */
import { type Action, bodyText, type RespondAction } from '../../../src/faults/action.ts';
import { FaultEngine } from '../../../src/faults/engine.ts';
import type { RawRequest } from '../../../src/faults/request.ts';

export const chatRequest = (provider: string, body: Record<string, unknown> = {}): RawRequest => ({
  provider,
  method: 'POST',
  path: '/v1/chat/completions',
  bodyText: JSON.stringify({
    model: provider === 'huggingface' ? 'openai/gpt-oss-20b' : 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hello there' }],
    ...body,
  }),
});

export const hubRequest = (repo = 'openai/gpt-oss-20b', query = ''): RawRequest => ({
  provider: 'huggingface',
  method: 'GET',
  path: `/api/models/${repo}/revision/HEAD`,
  query,
});

/** An engine (server backend: supports everything but DNS) with these faults. */
export function engineWith(faults: unknown[] = [], seed = 1): FaultEngine {
  return new FaultEngine('server', { seed, faults });
}

/** The respond action, failing the test on anything else. */
export function respond(action: Action): RespondAction {
  if (action.type !== 'respond') throw new Error(`expected a response, got ${action.type}`);
  return action;
}

export const jsonOf = (action: Action) => JSON.parse(bodyText(respond(action)));
