import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isRouterError } from '../../src/router/errors.ts';
import { huggingface } from '../../src/router/providers/huggingface.ts';
import { openai } from '../../src/router/providers/openai.ts';
import type { Provider } from '../../src/router/providers/provider.ts';
import type { Route } from '../../src/router/route.ts';
import { createRouter } from '../../src/router/router.ts';
import { validateChunk, validateCompletion } from '../../src/router/schema.ts';
import {
  type Behaviour,
  type LoopbackServer,
  startLoopbackServer,
  type Target,
} from './support/loopback-server.ts';
import { ASK, drain } from './support/router-harness.ts';

/** What a caller and a history would see of one request: who served it, every attempt, the error code. */
interface Outcome {
  served?: string;
  code?: string;
  /** `provider:outcome[:status]`, in order. */
  attempts: string[];
  /** Retry-After carried by the first attempt, when any. */
  retryAfterMs?: number;
  /** Chunks the caller received (streams). */
  chunks?: number;
}

interface Fault {
  name: string;
  target: Target;
  behaviour: Behaviour;
  mode: 'chat' | 'stream';
  expected: Outcome;
}

const openaiError = (status: number, message: string) => ({
  kind: 'status' as const,
  status,
  body: { error: { message, type: 'server_error', param: null, code: null } },
});

/** One table of faults; each row runs on the undici transport and on the fetch transport. */
const FAULTS: Fault[] = [
  {
    name: '503',
    target: 'openai',
    behaviour: openaiError(503, 'The engine is currently overloaded'),
    mode: 'chat',
    expected: { served: 'huggingface', attempts: ['openai:unavailable:503', 'huggingface:ok'] },
  },
  {
    name: '429 + Retry-After',
    target: 'openai',
    behaviour: { ...openaiError(429, 'Rate limit reached'), headers: { 'retry-after': '1' } },
    mode: 'chat',
    expected: {
      served: 'huggingface',
      attempts: ['openai:rate-limited:429', 'huggingface:ok'],
      retryAfterMs: 1000,
    },
  },
  {
    name: '401',
    target: 'openai',
    behaviour: openaiError(401, 'Incorrect API key provided'),
    mode: 'chat',
    expected: { served: 'huggingface', attempts: ['openai:auth:401', 'huggingface:ok'] },
  },
  {
    name: '400 (no failover)',
    target: 'openai',
    behaviour: openaiError(400, "Invalid value for 'max_tokens'"),
    mode: 'chat',
    expected: { code: 'bad-request', attempts: ['openai:bad-request:400'] },
  },
  {
    name: 'hang',
    target: 'openai',
    behaviour: { kind: 'hang' },
    mode: 'chat',
    expected: { served: 'huggingface', attempts: ['openai:timeout', 'huggingface:ok'] },
  },
  {
    name: 'hang before the first chunk',
    target: 'openai',
    behaviour: { kind: 'hang' },
    mode: 'stream',
    expected: { served: 'huggingface', attempts: ['openai:timeout', 'huggingface:ok'], chunks: 8 },
  },
  {
    name: 'reset',
    target: 'openai',
    behaviour: { kind: 'reset' },
    mode: 'chat',
    expected: { served: 'huggingface', attempts: ['openai:network', 'huggingface:ok'] },
  },
  {
    name: 'malformed JSON',
    target: 'openai',
    behaviour: { kind: 'malformed-json' },
    mode: 'chat',
    expected: { served: 'huggingface', attempts: ['openai:malformed', 'huggingface:ok'] },
  },
  {
    name: 'stream cut mid-way',
    target: 'openai',
    behaviour: { kind: 'stream-cut', afterEvents: 3 },
    mode: 'stream',
    expected: { code: 'stream-interrupted', attempts: ['openai:ok'], chunks: 3 },
  },
  {
    name: 'stream ended early without a finish_reason',
    target: 'openai',
    behaviour: { kind: 'stream-end', afterEvents: 3 },
    mode: 'stream',
    expected: { code: 'stream-interrupted', attempts: ['openai:ok'], chunks: 3 },
  },
  {
    name: 'stalled stream',
    target: 'openai',
    behaviour: { kind: 'stream-stall', afterEvents: 2 },
    mode: 'stream',
    expected: { code: 'stream-interrupted', attempts: ['openai:ok'], chunks: 2 },
  },
  {
    name: '503 model loading',
    target: 'hf',
    behaviour: {
      kind: 'status',
      status: 503,
      body: { error: 'Model openai/gpt-oss-20b is currently loading', estimated_time: 20 },
    },
    mode: 'chat',
    expected: {
      served: 'openai',
      attempts: ['huggingface:unavailable:503', 'openai:ok'],
      retryAfterMs: 20_000,
    },
  },
  {
    name: '429 + Retry-After',
    target: 'hf',
    behaviour: {
      kind: 'status',
      status: 429,
      body: { error: 'Rate limit reached' },
      headers: { 'retry-after': '2' },
    },
    mode: 'chat',
    expected: {
      served: 'openai',
      attempts: ['huggingface:rate-limited:429', 'openai:ok'],
      retryAfterMs: 2000,
    },
  },
  {
    name: 'hang',
    target: 'hf',
    behaviour: { kind: 'hang' },
    mode: 'chat',
    expected: { served: 'openai', attempts: ['huggingface:timeout', 'openai:ok'] },
  },
  {
    name: 'reset',
    target: 'hf',
    behaviour: { kind: 'reset' },
    mode: 'chat',
    expected: { served: 'openai', attempts: ['huggingface:network', 'openai:ok'] },
  },
  {
    name: 'malformed JSON',
    target: 'hf',
    behaviour: { kind: 'malformed-json' },
    mode: 'chat',
    expected: { served: 'openai', attempts: ['huggingface:malformed', 'openai:ok'] },
  },
  {
    name: 'stream cut mid-way',
    target: 'hf',
    behaviour: { kind: 'stream-cut', afterEvents: 3 },
    mode: 'stream',
    expected: { code: 'stream-interrupted', attempts: ['huggingface:ok'], chunks: 3 },
  },
  {
    name: 'stalled stream',
    target: 'hf',
    behaviour: { kind: 'stream-stall', afterEvents: 2 },
    mode: 'stream',
    expected: { code: 'stream-interrupted', attempts: ['huggingface:ok'], chunks: 2 },
  },
];

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

function providers(target: Target): Provider[] {
  const oa = openai({ apiKey: 'sk-test', model: 'gpt-4o-mini', baseURL: server.openaiBaseURL });
  const hf = huggingface({
    accessToken: 'hf_test',
    model: 'openai/gpt-oss-20b',
    endpointUrl: server.hfURL,
    hubUrl: server.hfURL,
  });
  // The faulted provider is the primary; the other one is the fallback.
  return target === 'openai' ? [oa, hf] : [hf, oa];
}

const describeAttempts = (route: { attempts: Route['attempts'] }) =>
  route.attempts.map((t) => [t.provider, t.outcome, t.status].filter((x) => x !== undefined).join(':'));

async function run(fault: Fault, transport: 'undici' | 'fetch'): Promise<Outcome> {
  const router = createRouter({
    providers: providers(fault.target),
    transport,
    // Short enough to keep the table quick, long enough for a healthy answer on a loaded machine.
    attemptTimeoutMs: 500,
    idleTimeoutMs: 500,
    retry: { maxRetries: 0 },
    breaker: false,
  });
  server.set(fault.target, fault.behaviour);
  try {
    if (fault.mode === 'chat') {
      try {
        const { completion, route } = await router.chat(ASK);
        expect(validateCompletion(completion)).toEqual({ valid: true });
        return withRetryAfter({ served: route.provider, attempts: describeAttempts(route) }, route.attempts);
      } catch (error) {
        if (!isRouterError(error)) throw error;
        return withRetryAfter({ code: error.code, attempts: describeAttempts(error) }, error.attempts);
      }
    }
    const stream = router.stream(ASK);
    const { items, error } = await drain(stream);
    for (const c of items) expect(validateChunk(c)).toEqual({ valid: true });
    const outcome: Outcome = { attempts: describeAttempts(stream), chunks: items.length };
    if (error === undefined) outcome.served = (await stream.done).provider;
    else if (isRouterError(error)) outcome.code = error.code;
    else throw error;
    return withRetryAfter(outcome, stream.attempts);
  } finally {
    await router.close();
  }
}

function withRetryAfter(outcome: Outcome, attempts: Route['attempts']): Outcome {
  const retryAfterMs = attempts[0]?.retryAfterMs;
  return retryAfterMs === undefined ? outcome : { ...outcome, retryAfterMs };
}

describe('transport parity: the same fault gives the same route on undici and fetch', () => {
  it.each(FAULTS.map((f) => [`${f.target} ${f.name} (${f.mode})`, f] as const))('%s', async (_, fault) => {
    const undici = await run(fault, 'undici');
    server.reset();
    const viaFetch = await run(fault, 'fetch');
    expect(undici).toEqual(fault.expected);
    expect(viaFetch).toEqual(fault.expected);
    // Each transport carried its request to the faulted provider.
    expect(server.chatRequests(fault.target)).toHaveLength(1);
  });
});
