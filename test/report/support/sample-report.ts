import type { CheckResult } from '../../../src/checks/check.ts';
import type { LatencySummary, RunReport, ScenarioReport, TimelinePoint } from '../../../src/report/model.ts';
import { seededRandom } from '../../../src/scenario/random.ts';

/** Payloads a hostile model, provider or scenario author could put in a report. */
export const XSS = {
  script: '<script>window.__pwned = "script"; alert(1)</script>',
  img: '<img src=x onerror="window.__pwned = \'img\'; alert(2)">',
  closeJson: '</script><script>window.__pwned = "json"; alert(3)</script>',
  svg: '<svg onload="window.__pwned = \'svg\'">',
} as const;

/** Secrets that must never reach a rendered report. */
export const SECRETS = {
  openaiKey: 'sk-proj-SAMPLEabcdefghijklmnop0123456789',
  hfToken: 'hf_SAMPLEabcdefghijklmnopqrstuvwx',
  bearer: 'Bearer opaque-session-token-0123456789',
} as const;

function summarize(values: number[]): LatencySummary & { count: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.max(0, Math.ceil(q * s.length) - 1)] as number;
  if (s.length === 0) return { count: 0, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN };
  return { count: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] as number };
}

export interface ScenarioSpec {
  id: string;
  title?: string;
  backend?: string;
  requests?: number;
  /** A primary outage from..to (ms): requests fail over, some fail outright. */
  outage?: { startMs: number; endMs: number; failRate: number };
  checks?: CheckResult[];
  properties?: ScenarioReport['properties'];
  faults?: ScenarioReport['faults'];
  errorSample?: string;
  seed?: number;
}

/** A scenario report shaped as the runner builds one (NaN quantiles, `count`, downsampling). */
export function sampleScenario(spec: ScenarioSpec): ScenarioReport {
  const rnd = seededRandom(spec.seed ?? 7);
  const durationMs = 20_000;
  const n = spec.requests ?? 200;
  const all: TimelinePoint[] = [];
  const failover: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = (i / n) * durationMs + rnd() * 5;
    const inOutage = spec.outage && t >= spec.outage.startMs && t < spec.outage.endMs;
    const base = 40 + rnd() * 60 + (rnd() < 0.02 ? 400 * rnd() : 0);
    if (inOutage && rnd() < (spec.outage?.failRate ?? 0)) {
      all.push({
        t,
        ms: 2 + rnd() * 30,
        by: '',
        completion: 'fail',
        stream: false,
        code: 'ALL_PROVIDERS_FAILED',
        attempts: 4,
      });
    } else if (inOutage) {
      const ms = base + 120 + rnd() * 200;
      failover.push(ms - base);
      all.push({ t, ms, by: 'huggingface', completion: 'ok', stream: i % 5 === 0, attempts: 2 });
    } else if (spec.outage && i % 97 === 3) {
      all.push({
        t,
        ms: base,
        by: 'openai',
        completion: 'info',
        stream: true,
        code: 'STREAM_CUT',
        attempts: 1,
      });
    } else {
      all.push({ t, ms: base, by: 'openai', completion: 'ok', stream: i % 5 === 0, attempts: 1 });
    }
  }
  const ok = all.filter((p) => p.completion === 'ok');
  const failed = all.filter((p) => p.completion === 'fail').length;
  const info = all.filter((p) => p.completion === 'info').length;
  const servedBy: Record<string, number> = {};
  for (const p of ok) servedBy[p.by] = (servedBy[p.by] ?? 0) + 1;
  const MAX = 2000;
  const failures = all.filter((p) => p.completion !== 'ok');
  const successes = all.filter((p) => p.completion === 'ok');
  const room = MAX - failures.length;
  const points =
    all.length > MAX
      ? [
          ...failures,
          ...Array.from(
            { length: room },
            (_, i) => successes[Math.floor((i * successes.length) / room)] as TimelinePoint,
          ),
        ].sort((a, b) => a.t - b.t)
      : all;
  const outage = spec.outage;
  const checks = spec.checks ?? [
    {
      id: 'availability',
      verdict: 'pass',
      measured: ok.length / n,
      threshold: 0.95,
      message: `${ok.length}/${n} requests ok`,
    },
  ];
  return {
    id: spec.id,
    title: spec.title ?? `Scenario ${spec.id}`,
    description: outage
      ? 'The primary answers 503 for seven seconds; the fallback must take the traffic.'
      : undefined,
    source: `scenarios/${spec.id}.ts`,
    verdict:
      checks.every((c) => c.verdict === 'pass') && (spec.properties ?? []).every((p) => p.verdict === 'pass')
        ? 'pass'
        : 'fail',
    backend: spec.backend ?? 'msw',
    seed: spec.seed ?? 7,
    durationMs: durationMs + 120,
    faults: spec.faults ?? (outage ? [{ kind: 'http-error', target: 'openai', injected: 140 }] : []),
    stats: {
      requests: n,
      succeeded: ok.length,
      failed,
      indeterminate: info,
      servedBy,
      latencyMs: summarize(ok.map((p) => p.ms)),
      failoverLatencyMs: summarize(failover),
      attemptsPerRequest: {
        mean: all.reduce((a, p) => a + p.attempts, 0) / n,
        max: Math.max(...all.map((p) => p.attempts)),
      },
    },
    checks,
    properties: spec.properties ?? [],
    replay: `npx brownout run scenarios/${spec.id}.ts --backend ${spec.backend ?? 'msw'} --seed 42 --grep '^${spec.id}$'`,
    errors: failed
      ? [
          {
            code: 'ALL_PROVIDERS_FAILED',
            count: failed,
            sample: spec.errorSample ?? 'every provider failed: openai 503, huggingface 503',
          },
        ]
      : [],
    timeline: {
      points,
      total: n,
      faultWindows: outage
        ? [{ kind: 'http-error', target: 'openai', startMs: outage.startMs, endMs: outage.endMs }]
        : [],
      breaker: outage
        ? [
            {
              atMs: outage.startMs + 600,
              provider: 'openai',
              from: 'closed',
              to: 'open',
              reason: '5 failures in 10 s',
            },
            {
              atMs: outage.startMs + 3600,
              provider: 'openai',
              from: 'open',
              to: 'half-open',
              reason: 'cooldown over',
            },
            {
              atMs: outage.startMs + 3700,
              provider: 'openai',
              from: 'half-open',
              to: 'open',
              reason: 'probe failed',
            },
            {
              atMs: outage.endMs + 400,
              provider: 'openai',
              from: 'open',
              to: 'half-open',
              reason: 'cooldown over',
            },
            {
              atMs: outage.endMs + 500,
              provider: 'openai',
              from: 'half-open',
              to: 'closed',
              reason: 'probe succeeded',
            },
          ]
        : [],
      durationMs,
    },
  };
}

export interface SampleOptions {
  /** Extra passing scenarios after the three built-in ones. */
  extraScenarios?: number;
  /** Requests in the failing scenario (more than 2000 are downsampled). */
  failingRequests?: number;
  /** Put XSS payloads and secrets into titles, messages and samples. */
  hostile?: boolean;
}

/**
 * A run with a passing baseline first, a failing primary-outage scenario (breaker transitions,
 * a fault window, failures, a failed property), a passing rate-limit scenario on another
 * backend, and as many extra passing scenarios as asked. Optionally hostile.
 */
export function sampleReport(options: SampleOptions = {}): RunReport {
  const hostile = options.hostile ?? false;
  const scenarios: ScenarioReport[] = [
    sampleScenario({ id: 'baseline', title: 'Healthy providers, steady traffic', requests: 300, seed: 1 }),
    sampleScenario({
      id: 'primary-503-burst',
      title: hostile ? `Primary 503 burst ${XSS.img}` : 'Primary 503 burst: the fallback takes over',
      requests: options.failingRequests ?? 2500,
      outage: { startMs: 5000, endMs: 12_000, failRate: 0.12 },
      seed: 2,
      errorSample: hostile
        ? `model said ${XSS.script} ${XSS.closeJson} with Authorization: ${SECRETS.bearer} and key ${SECRETS.openaiKey}`
        : 'every provider failed: openai 503, huggingface 503',
      checks: [
        {
          id: 'availability',
          verdict: 'fail',
          measured: 0.9512,
          threshold: 0.99,
          message: hostile
            ? `expected at least 99% of requests ok, saw 95.12%; output ${XSS.svg} token ${SECRETS.hfToken}`
            : 'expected at least 99% of requests ok, saw 95.12% (2378/2500); not ok: #512, #518, #533 and 119 more',
        },
        {
          id: 'failover-latency',
          verdict: 'pass',
          measured: { p95: 290.5, p99: 315.25 },
          threshold: { p95: 500, p99: 1000 },
          message: 'failover latency p95 291 ms, p99 315 ms over 690, within p95 500 ms, p99 1000 ms',
        },
        {
          id: 'breaker-opens',
          verdict: 'pass',
          measured: 1,
          threshold: { min: 1 },
          message: 'the openai breaker opened 2 times during the fault window',
        },
      ],
      properties: [
        {
          id: 'no-request-outlives-deadline',
          runs: 100,
          seed: 1234,
          verdict: 'fail',
          counterexample: hostile ? [{ prompt: XSS.script, delayMs: 31_000 }] : [{ delayMs: 31_000 }],
          path: '12:0:0',
          replay: 'npx brownout run scenarios/primary-503-burst.ts --seed 1234',
          message: 'a request outlived the 30 s deadline by 1.2 s',
        },
      ],
    }),
    sampleScenario({
      id: 'rate-limit-storm',
      title: '429 storm with Retry-After',
      backend: 'nock',
      requests: 400,
      seed: 3,
      faults: [
        { kind: 'rate-limit', target: 'openai', injected: 57 },
        { kind: 'latency', target: 'huggingface', injected: 12 },
      ],
    }),
  ];
  for (let i = 0; i < (options.extraScenarios ?? 0); i++) {
    scenarios.push(
      sampleScenario({
        id: `extra-${i + 1}`,
        requests: 60,
        seed: 100 + i,
        backend: i % 2 ? 'server' : 'msw',
      }),
    );
  }
  const failed = scenarios.filter((s) => s.verdict === 'fail').length;
  return {
    schemaVersion: '1',
    tool: { name: 'brownout', version: '0.1.0' },
    startedAt: '2026-01-02T03:04:05.000Z',
    durationMs: 64_321,
    seed: 42,
    summary: { scenarios: scenarios.length, passed: scenarios.length - failed, failed },
    scenarios,
    environment: {
      node: 'v20.20.2',
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
      gitCommit: 'abc1234',
      command: hostile
        ? `brownout run --seed 42 --header "Authorization: ${SECRETS.bearer}"`
        : 'brownout run --seed 42',
    },
  };
}
