import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { CheckContext } from '../checks/check.ts';
import { runChecks } from '../checks/run-checks.ts';
import type { Fault } from '../faults/model.ts';
import type { FaultWindow, History, HistoryRecord, ObservedEvent, ProbeRecord } from '../history/history.ts';
import { buildScenarioReport } from '../report/build-scenario-report.ts';
import type { PropertyResult, ScenarioReport } from '../report/model.ts';
import { requestBudget } from '../router/options.ts';
import { prepareSchemaValidators } from '../router/schema.ts';
import type { BackendSession } from '../systems/backend-session.ts';
import { type Credentials, DEFAULT_PROVIDERS, providerName, referenceSystem } from '../systems/reference.ts';
import type { SystemFactory, SystemUnderTest } from '../systems/system-under-test.ts';
import { deriveSeed, seededRandom } from './random.ts';
import { recordRequest } from './recorder.ts';
import { runProperty } from './run-property.ts';
import { judgedProbeProviders, runnerProbes } from './runner-probe.ts';
import type { BackendName, RouterConfig } from './schema.ts';
import { driveTraffic, planTraffic } from './traffic.ts';
import {
  correlationKey,
  joinUpstream,
  readSettledUpstream,
  tagRequest,
  toScenarioTime,
  withCloseVisibility,
} from './upstream-join.ts';
import { upstreamSummary } from './upstream-summary.ts';
import type { Scenario } from './validate.ts';

export type { BackendSession, ScenarioInjector } from '../systems/backend-session.ts';
export type { SystemFactory } from '../systems/system-under-test.ts';

export interface RunScenarioOptions {
  seed: number;
  backend: BackendName;
  /** Starts the backend for this scenario (see backends.ts). */
  startBackend: (backend: BackendName, seed: number, providers: string[]) => Promise<BackendSession>;
  system?: SystemFactory;
  /** The command line that replays this scenario, for the report. */
  replayCommand: string;
  /** Run the scenario's property checks (default true). */
  runProperties?: boolean;
  onProgress?: (done: number, total: number) => void;
}

function credentialsFor(seed: number): Credentials {
  const hex = seed.toString(16).padStart(8, '0');
  return {
    openaiKey: `sk-brownout-test-${hex}0123456789abcdef`,
    hfToken: `hf_brownoutTest${hex}ABCDEFGHIJKLMNOP`,
  };
}

function faultWindows(faults: Fault[]): FaultWindow[] {
  return faults.map((f, index) => {
    const window: FaultWindow = { index, kind: f.kind, target: f.target, startMs: f.startMs };
    if (f.durationMs !== undefined) window.endMs = f.startMs + f.durationMs;
    return window;
  });
}

/** The policy numbers checkers hold the router to, with the router's defaults filled in. */
function policyOf(config: RouterConfig, providers: number): CheckContext['policy'] {
  return requestBudget(config, providers);
}

/** Secrets a report must never show: the run's credentials and any real key in the environment. */
function secretsOf(credentials: Credentials): string[] {
  const fromEnv = Object.entries(process.env)
    .filter(
      ([name, value]) => /(KEY|TOKEN|SECRET)/i.test(name) && typeof value === 'string' && value.length >= 12,
    )
    .map(([, value]) => value as string);
  return [credentials.openaiKey, credentials.hfToken, ...fromEnv];
}

/**
 * Runs one scenario on one backend: start the backend, arm the faults, drive the traffic
 * through the router under test, record the history, and judge it.
 */
export async function runScenario(
  scenario: Scenario,
  options: RunScenarioOptions,
): Promise<{ report: ScenarioReport; history: History }> {
  const seed = deriveSeed(options.seed, `${scenario.id}@${options.backend}`);
  const credentials = credentialsFor(seed);
  const providers = (scenario.router.providers ?? DEFAULT_PROVIDERS).map(providerName);
  // Compile the schema validators now, not on the first answer (a black-box system has no router to do it).
  prepareSchemaValidators();
  const session = await options.startBackend(options.backend, seed, providers);
  const { injector } = session;
  const events: ObservedEvent[] = [];
  const records: HistoryRecord[] = [];
  let system: SystemUnderTest | undefined;
  const started = performance.now();
  try {
    system = (options.system ?? referenceSystem)({
      config: scenario.router,
      endpoints: injector.endpoints,
      credentials,
      transport: session.transport,
      random: seededRandom(seed),
    });
    const policy = policyOf(scenario.router, providers.length);
    const plan = planTraffic(scenario.traffic, seed);
    const requestTimeoutMs = scenario.traffic.requestTimeoutMs ?? policy.deadlineMs + 5_000;
    injector.setFaults(scenario.faults);
    injector.reset();
    // Unique per scenario run, so a shared fault server never joins another run's attempts.
    const run = `${seed.toString(36)}-${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
    const probeKey = `${run}.probe`;
    const t0 = performance.now();
    const probes = system.probe
      ? await probeAll(system, providers, t0)
      : await runnerProbes({
          config: scenario.router,
          endpoints: injector.endpoints,
          credentials,
          transport: session.transport,
          providers: judgedProbeProviders(scenario.checks).filter((p) => providers.includes(p)),
          key: probeKey,
          timeoutMs: policy.attemptTimeoutMs,
          t0,
        });
    system.onBreaker?.((e) => events.push({ atMs: performance.now() - t0, type: 'breaker', ...e }));
    const notSent: number[] = [];
    // How late callbacks ran during traffic: both sides of a time comparison can be that late.
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    await driveTraffic(plan, scenario.traffic, async (planned, signal) => {
      if (signal.aborted) {
        notSent.push(planned.index);
      } else {
        const key = correlationKey(run, planned.index);
        const tagged = { ...planned, body: tagRequest(planned.body, key) };
        records.push(
          await recordRequest(system as SystemUnderTest, tagged, t0, signal, requestTimeoutMs, key),
        );
      }
      options.onProgress?.(records.length + notSent.length, plan.length);
    });
    const durationMs = performance.now() - t0;
    const stats = injector.stats();
    records.sort((a, b) => a.index - b.index);
    const keys = new Set(records.flatMap((r) => (r.key === undefined ? [] : [r.key])));
    const page = await readSettledUpstream(injector, keys);
    const upstream = page && toScenarioTime(page, performance.timeOrigin + t0, probeKey);
    lag.disable();
    const history: History = {
      records,
      notSent: notSent.sort((a, b) => a - b),
      attemptSource: upstream
        ? joinUpstream(records, upstream)
        : records.some((r) => r.attempts.length > 0)
          ? 'system'
          : 'none',
      ...(upstream ? { upstream: withCloseVisibility(upstream, injector.backend) } : {}),
      probes,
      events,
      faults: faultWindows(scenario.faults),
      injected: scenario.faults.map((_, i) => stats.faults.find((f) => f.index === i)?.injected ?? 0),
      durationMs,
      providers,
      loopLagMs: Number.isFinite(lag.max) ? lag.max / 1e6 : 0,
    };
    const ctx: CheckContext = {
      providers,
      secrets: secretsOf(credentials),
      policy,
      ...(scenario.advisory ? { advisory: scenario.advisory } : {}),
    };
    const checks = runChecks(history, scenario.checks, ctx);
    const properties = await runProperties(scenario, options, session, credentials, seed, ctx);
    const report = buildScenarioReport({
      scenario,
      backend: options.backend,
      seed,
      replay: options.replayCommand,
      history,
      checks,
      properties,
      upstream: upstreamSummary(history),
      durationMs: performance.now() - started,
    });
    return { report, history };
  } finally {
    await system?.close().catch(() => {});
    await injector.stop().catch(() => {});
    await session.transport.close().catch(() => {});
  }
}

/** Property runs cap timeouts so a hang costs 100 ms, not the scenario's full attempt timeout. */
const PROPERTY_TIMEOUT_CAP_MS = 100;

async function runProperties(
  scenario: Scenario,
  options: RunScenarioOptions,
  session: BackendSession,
  credentials: Credentials,
  seed: number,
  ctx: CheckContext,
): Promise<PropertyResult[]> {
  if (!scenario.properties?.length || options.runProperties === false) return [];
  const cap = (ms: number | undefined) => Math.min(ms ?? PROPERTY_TIMEOUT_CAP_MS, PROPERTY_TIMEOUT_CAP_MS);
  const config: RouterConfig = {
    ...scenario.router,
    attemptTimeoutMs: cap(scenario.router.attemptTimeoutMs),
    idleTimeoutMs: cap(scenario.router.idleTimeoutMs),
  };
  const propertyCtx: CheckContext = {
    ...ctx,
    policy: { ...ctx.policy, attemptTimeoutMs: config.attemptTimeoutMs as number },
  };
  const factory = options.system ?? referenceSystem;
  const results: PropertyResult[] = [];
  for (const property of scenario.properties) {
    const propertySeed = deriveSeed(seed, property.id);
    results.push(
      await runProperty(
        property.id,
        {
          injector: session.injector,
          ctx: propertyCtx,
          makeSystem: () =>
            factory({
              config,
              endpoints: session.injector.endpoints,
              credentials,
              transport: session.transport,
              random: seededRandom(propertySeed),
            }),
        },
        { seed: propertySeed, runs: property.runs, replay: options.replayCommand },
      ),
    );
  }
  return results;
}

/**
 * Probes every provider through the system's own probe before traffic, as the synthetic monitor
 * would: a broken fallback shows up here. A system without one is probed by the runner instead.
 */
async function probeAll(system: SystemUnderTest, providers: string[], t0: number): Promise<ProbeRecord[]> {
  if (!system.probe) return [];
  const probes: ProbeRecord[] = [];
  for (const provider of providers) {
    const atMs = performance.now() - t0;
    const result = await system.probe(provider);
    probes.push({ provider, by: 'system', atMs, ...result });
  }
  return probes;
}
