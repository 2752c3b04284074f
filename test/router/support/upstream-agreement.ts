/**
 * The reference router's own attempt list and the upstream record must agree: the same attempts,
 * on the same providers, in the same order, with the same statuses. Each request carries its own
 * correlation key, so the record's attempts are matched to the request that caused them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultInjector } from '../../../src/faults/backends/injector.ts';
import { MockAgentInjector } from '../../../src/faults/backends/mock-agent.ts';
import { correlationTag, readCorrelationEcho } from '../../../src/faults/correlation.ts';
import { createInjector } from '../../../src/faults/create.ts';
import type { FaultInput } from '../../../src/faults/model.ts';
import type { BackendName } from '../../../src/faults/support.ts';
import type { UpstreamAttempt } from '../../../src/faults/upstream-record.ts';
import { type AttemptRecord, isRouterError } from '../../../src/router/errors.ts';
import { huggingface } from '../../../src/router/providers/huggingface.ts';
import { openai } from '../../../src/router/providers/openai.ts';
import { createRouter, type Router } from '../../../src/router/router.ts';
import { fetchTransport } from '../../../src/router/transport/fetch-transport.ts';
import { undiciTransport } from '../../../src/router/transport/undici-transport.ts';

interface AgreementCase {
  name: string;
  faults: FaultInput[];
  stream: boolean;
  /** What the router's attempts must read (`provider:outcome[:status]`), to know the case bites. */
  attempts: string[];
}

const CASES: AgreementCase[] = [
  { name: 'healthy', faults: [], stream: false, attempts: ['openai:ok'] },
  {
    name: '503 then failover',
    faults: [{ kind: 'http-error', target: 'openai', status: 503 }],
    stream: false,
    attempts: ['openai:unavailable:503', 'huggingface:ok'],
  },
  {
    name: '429 with Retry-After, then failover',
    faults: [{ kind: 'rate-limit', target: 'openai', retryAfterS: 30 }],
    stream: false,
    attempts: ['openai:rate-limited:429', 'huggingface:ok'],
  },
  {
    name: 'one 500, retried on the same provider once the fallback failed too',
    faults: [
      { kind: 'http-error', target: 'openai', status: 500, times: 1 },
      { kind: 'http-error', target: 'huggingface', path: '/v1/chat', status: 502, times: 1 },
    ],
    stream: false,
    attempts: ['openai:unavailable:500', 'huggingface:unavailable:502', 'openai:ok'],
  },
  {
    name: 'a stream cut before its first chunk, then failover',
    faults: [{ kind: 'stream-cut', target: 'openai', mode: 'no-done', afterChunks: 0 }],
    stream: true,
    attempts: ['openai:stream-interrupted', 'huggingface:ok'],
  },
  {
    name: 'a connection reset, then failover',
    faults: [{ kind: 'network', target: 'openai', mode: 'reset' }],
    stream: false,
    attempts: ['openai:network', 'huggingface:ok'],
  },
];

const label = (a: AttemptRecord) =>
  [a.provider, a.outcome, ...(a.status === undefined ? [] : [a.status])].join(':');

/**
 * The router's attempts as the provider would have seen them: provider and status. The router
 * records a status for HTTP errors only; an answer it took (ok) or that broke in its body after
 * the headers (a stream cut, a malformed body) came with a 200.
 */
const BODY_FAILURES = new Set(['ok', 'stream-interrupted', 'malformed']);
const seenByRouter = (a: AttemptRecord) => ({
  provider: a.provider,
  status: a.status ?? (BODY_FAILURES.has(a.outcome) ? 200 : undefined),
});
const seenUpstream = (a: UpstreamAttempt) => ({ provider: a.provider, status: a.status });

async function send(
  router: Router,
  key: string,
  stream: boolean,
): Promise<{ attempts: AttemptRecord[]; text: string }> {
  const messages = [{ role: 'user' as const, content: `Say hello ${correlationTag(key)}` }];
  if (!stream) {
    try {
      const { completion, route } = await router.chat({ messages });
      return { attempts: route.attempts, text: completion.choices[0]?.message.content ?? '' };
    } catch (error) {
      if (isRouterError(error)) return { attempts: error.attempts, text: '' };
      throw error;
    }
  }
  const routed = router.stream({ messages });
  let text = '';
  try {
    for await (const chunk of routed) text += chunk.choices[0]?.delta.content ?? '';
  } catch (error) {
    if (!isRouterError(error)) throw error;
  }
  return { attempts: routed.attempts, text };
}

export function upstreamAgreementSuite(backend: BackendName): void {
  describe(`the router's attempts and the upstream record agree: ${backend}`, () => {
    let injector: FaultInjector;
    let fresh: () => Router;
    let stop: () => Promise<void>;
    beforeAll(async () => {
      injector = createInjector(backend, { seed: 11 });
      await injector.start();
      stop = () => injector.stop();
      const { endpoints } = injector;
      // As the runner wires them: MSW and nock intercept fetch; MockAgent and the server take undici.
      const transport =
        injector instanceof MockAgentInjector
          ? undiciTransport({ dispatcher: injector.dispatcher })
          : backend === 'server'
            ? undiciTransport()
            : fetchTransport();
      // A router per case: what one case taught it (a Retry-After) must not steer the next.
      fresh = () =>
        createRouter({
          providers: [
            openai({ apiKey: 'sk-test', model: 'gpt-4o-mini', baseURL: endpoints.openai.baseURL }),
            huggingface({
              accessToken: 'hf_test',
              model: 'openai/gpt-oss-20b',
              endpointUrl: endpoints.huggingface.endpointUrl,
              hubUrl: endpoints.huggingface.hubUrl,
            }),
          ],
          transport,
          attemptTimeoutMs: 2000,
          deadlineMs: 5000,
          retry: { maxRetries: 1, baseMs: 1, capMs: 5 },
          breaker: false,
        });
    });
    afterAll(async () => {
      await stop();
    });

    for (const [i, c] of CASES.entries()) {
      it(c.name, async () => {
        injector.setFaults(c.faults);
        injector.reset();
        const key = `agree.${backend}.${i}`;
        const { attempts, text } = await send(fresh(), key, c.stream);
        expect(attempts.map(label)).toEqual(c.attempts);

        const upstream = injector.upstream().attempts.filter((a) => a.operation === 'chat');
        // Every chat attempt carried this request's key, in the order the router made them.
        expect(upstream.map((a) => a.key)).toEqual(attempts.map(() => key));
        expect(upstream.map(seenUpstream)).toEqual(attempts.map(seenByRouter));
        expect(upstream.map((a) => a.seq)).toEqual([...upstream.map((a) => a.seq)].sort((x, y) => x - y));
        // The text the caller got names the attempt that served it.
        const served = upstream.at(-1)!;
        if (attempts.at(-1)?.outcome === 'ok') {
          expect(readCorrelationEcho(text)).toEqual({ key, provider: served.provider, seq: served.seq });
        }
      });
    }

    it('concurrent requests: the attempts under each key agree with its own route', async () => {
      injector.setFaults([{ kind: 'http-error', target: 'openai', status: 503, probability: 0.5 }]);
      injector.reset();
      const keys = Array.from({ length: 8 }, (_, i) => `agree.${backend}.c${i}`);
      const router = fresh();
      const results = await Promise.all(keys.map((key, i) => send(router, key, i % 2 === 0)));
      const upstream = injector.upstream().attempts.filter((a) => a.operation === 'chat');
      expect(upstream).toHaveLength(results.reduce((n, r) => n + r.attempts.length, 0));
      for (const [i, key] of keys.entries()) {
        const mine = upstream.filter((a) => a.key === key);
        expect(mine.map(seenUpstream), key).toEqual(results[i]!.attempts.map(seenByRouter));
      }
    });
  });
}
