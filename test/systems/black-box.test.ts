/**
 * Done-when for issue 10: gateways broken in the ways real ones are fail in black-box mode (no
 * route headers; verdicts from the caller's view and the fake providers' upstream record), each with
 * the check that names what it did; brownout's own gateway, fresh per scenario, gets no false alarm.
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioReport } from '../../src/report/model.ts';
import { startBackend } from '../../src/scenario/backends.ts';
import { runScenario, type SystemFactory } from '../../src/scenario/run-scenario.ts';
import { type Scenario, validateScenario } from '../../src/scenario/validate.ts';
import type { Flaw } from './support/broken-gateway.ts';
import { brokenGatewaySystem, brownoutGatewaySystem } from './support/fresh-gateway-system.ts';

const TIMEOUT_MS = 60_000;

/** The reference router's policies, for brownout's own gateway: fail over at once, no breaker. */
const router = { attemptTimeoutMs: 1000, deadlineMs: 4000, retry: { maxRetries: 0 }, breaker: false };

const SCENARIOS: Record<Exclude<Flaw, 'none'>, { check: string; scenario: Scenario }> = {
  'ignore-retry-after': {
    check: 'retry-after-honoured',
    scenario: validateScenario(
      {
        id: 'bb-retry-after',
        title: 'OpenAI rate-limits with Retry-After',
        router: { ...router, retry: { maxRetries: 2, baseMs: 10, capMs: 40 } },
        traffic: { requests: 3, concurrency: 1 },
        faults: [{ kind: 'rate-limit', target: 'openai', retryAfterMs: 5000 }],
        checks: { 'retry-after-honoured': {}, availability: { min: 1 } },
      },
      'bb-retry-after',
    ),
  },
  'retry-401': {
    check: 'no-retry-on-fatal',
    scenario: validateScenario(
      {
        id: 'bb-auth',
        title: 'OpenAI rejects the key',
        router: { ...router, retry: { maxRetries: 2, baseMs: 10, capMs: 40 } },
        traffic: { requests: 3, concurrency: 1 },
        faults: [{ kind: 'auth', target: 'openai', status: 401 }],
        checks: { 'no-retry-on-fatal': {}, availability: { min: 1 } },
      },
      'bb-auth',
    ),
  },
  'fixed-backoff': {
    check: 'failover-delay',
    scenario: validateScenario(
      {
        id: 'bb-503',
        title: 'OpenAI answers 503',
        router,
        traffic: { requests: 3, concurrency: 1, requestTimeoutMs: 8000 },
        faults: [{ kind: 'http-error', target: 'openai', status: 503 }],
        checks: { 'failover-delay': { max: 500 }, availability: { min: 1 }, accounting: {} },
      },
      'bb-503',
    ),
  },
  orphan: {
    check: 'no-orphan-attempts',
    scenario: validateScenario(
      {
        id: 'bb-caller-leaves',
        title: 'OpenAI hangs: the gateway gives up on it, or the caller gives up on the gateway',
        router: { ...router, attemptTimeoutMs: 300 },
        traffic: { requests: 2, concurrency: 2, requestTimeoutMs: 2000 },
        faults: [{ kind: 'timeout', target: 'openai', mode: 'hang' }],
        checks: { 'no-orphan-attempts': { graceMs: 300 } },
      },
      'bb-caller-leaves',
    ),
  },
  'cut-as-complete': {
    check: 'stream-integrity',
    scenario: validateScenario(
      {
        id: 'bb-stream-cut',
        title: 'OpenAI stream cut inside an event',
        router,
        traffic: { requests: 3, concurrency: 1, streaming: 1 },
        faults: [{ kind: 'stream-cut', target: 'openai', mode: 'mid-event', afterChunks: 2 }],
        checks: { 'stream-integrity': {} },
        ideal: 'safe',
      },
      'bb-stream-cut',
    ),
  },
};

async function run(scenario: Scenario, system: SystemFactory): Promise<ScenarioReport> {
  const { report } = await runScenario(scenario, {
    seed: 11,
    backend: 'server',
    startBackend: (backend, seed, providers) => startBackend(backend, seed, { providers }),
    system,
    replayCommand: 'test',
    runProperties: false,
  });
  return report;
}

const byId = (report: ScenarioReport, id: string) => report.checks.find((c) => c.id === id);

describe('black box: deliberately broken gateways fail with the check that names the flaw', () => {
  for (const [flaw, { check, scenario }] of Object.entries(SCENARIOS)) {
    it(
      `${flaw} fails ${check}`,
      async () => {
        const report = await run(scenario, brokenGatewaySystem(flaw as Flaw));
        expect(report.attemptSource).toBe('upstream');
        expect(byId(report, check), JSON.stringify(report.checks)).toMatchObject({
          verdict: 'fail',
          level: 'required',
        });
        expect(report.grade).toBe('fail');
        expect(report.verdict).toBe('fail');
      },
      TIMEOUT_MS,
    );
  }
});

describe('black box: gateways that behave get no false alarm', () => {
  for (const [flaw, { check, scenario }] of Object.entries(SCENARIOS)) {
    it(
      `brownout's own gateway passes ${check} where ${flaw} fails`,
      async () => {
        const report = await run(scenario, brownoutGatewaySystem());
        expect(report.attemptSource).toBe('upstream');
        const failed = report.checks.filter((c) => c.verdict === 'fail');
        expect(failed, JSON.stringify(failed)).toEqual([]);
        expect(byId(report, check)?.verdict).toBe('pass');
        expect(report.grade, `${report.gradeReason} ${JSON.stringify(report.errors)}`).toBe(scenario.ideal);
      },
      TIMEOUT_MS,
    );
  }
});
