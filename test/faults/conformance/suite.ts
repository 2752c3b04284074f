/**
 * Runs the case table against one backend. Each case is checked twice: against its own
 * expectations (what a caller must see), and against the action a shadow engine computes for the
 * same request (the backend put on the wire exactly what the catalog asked for). A case whose
 * variant the matrix lists as unsupported asserts that setting the fault is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyText } from '../../../src/faults/action.ts';
import type { FaultInjector } from '../../../src/faults/backends/injector.ts';
import { VARIANTS } from '../../../src/faults/catalog.ts';
import type { ProviderEndpoints } from '../../../src/faults/endpoints.ts';
import { FaultEngine } from '../../../src/faults/engine.ts';
import { BACKEND_MATRIX, supportOf } from '../../../src/faults/matrix.ts';
import type { BackendName } from '../../../src/faults/support.ts';
import type { Client } from '../support/clients.ts';
import { CASES, type CaseRequest } from './cases.ts';

export interface ConformanceSetup<I extends FaultInjector> {
  backend: BackendName;
  create(seed: number): I;
  /** The clients to run every case with (made once the injector has started). */
  clients: Array<{ name: string; of(injector: I): Client }>;
}

const SEED = 4242;

/** The URL of a case's request on a backend, from the endpoints the router would use. */
export function urlFor(endpoints: ProviderEndpoints, request: CaseRequest): string {
  if (request.provider === 'openai') return endpoints.openai.baseURL.replace(/\/v1$/, '') + request.path;
  const { endpointUrl, hubUrl } = endpoints.huggingface;
  return (request.path.startsWith('/api/') ? hubUrl : endpointUrl) + request.path;
}

/** The conformance suite for one backend. */
export function conformanceSuite<I extends FaultInjector>(setup: ConformanceSetup<I>): void {
  const { backend } = setup;
  describe(`conformance: ${backend}`, () => {
    let injector: I;
    beforeAll(async () => {
      injector = setup.create(SEED);
      await injector.start();
    });
    afterAll(async () => {
      await injector.stop();
    });

    it('the matrix has a row for every variant, and the cases cover every variant', () => {
      expect(Object.keys(BACKEND_MATRIX[backend]).sort()).toEqual([...VARIANTS].sort());
      const covered = new Set(CASES.map((c) => c.variant));
      expect(VARIANTS.filter((v) => !covered.has(v))).toEqual([]);
    });

    for (const c of CASES) {
      const support = c.variant === 'healthy' ? { level: 'native' as const } : supportOf(backend, c.variant);
      if (support.level === 'unsupported') {
        it(`${c.name}: unsupported on ${backend}, refused when set`, () => {
          injector.setFaults([]);
          expect(() => injector.setFaults(c.faults)).toThrow(
            expect.objectContaining({
              code: 'BROWNOUT_FAULT_UNSUPPORTED',
              message: expect.stringContaining(support.note!),
            }),
          );
          expect(injector.getFaults()).toEqual([]);
        });
        continue;
      }
      for (const client of setup.clients) {
        it(`${c.name} [${client.name}]`, async () => {
          injector.setFaults(c.faults);
          injector.reset();
          const body = c.request.body ? JSON.stringify(c.request.body) : undefined;
          const observed = await client.of(injector).send({
            url: urlFor(injector.endpoints, c.request),
            method: c.request.method,
            body,
            timeoutMs: c.request.timeoutMs ?? 5000,
          });

          c.expect(observed, { backend, level: support.level });

          // What the catalog asked for, computed apart from any backend.
          const shadow = new FaultEngine(backend, { seed: SEED, faults: c.faults });
          const action = shadow.handle({
            provider: c.request.provider,
            method: c.request.method,
            path: c.request.path,
            bodyText: body,
          });
          if (action.type === 'respond') {
            expect(observed.status).toBe(action.status);
            for (const [name, value] of Object.entries(action.headers)) {
              if (name !== 'connection') expect(observed.headers[name], name).toBe(value);
            }
            if (action.end === 'hang') expect(bodyText(action).startsWith(observed.received)).toBe(true);
            else expect(observed.received).toBe(bodyText(action));
            expect(observed.bodyError === undefined).toBe(action.end === 'complete');
            expect(observed.headersMs).toBeGreaterThanOrEqual(action.delayMs - 5);
          } else {
            expect(observed.error).toBeDefined();
          }

          const stats = injector.stats();
          expect(stats.requests).toBe(1);
          expect(stats.injected).toBe(c.faults.length ? 1 : 0);
          for (const f of stats.faults) expect(f.injected).toBe(1);
        });
      }
    }
  });
}
