import fc from 'fast-check';
import type { CheckContext } from '../checks/check.ts';
import { PROPERTIES } from '../checks/properties/properties.ts';
import { BrownoutTypeError } from '../errors.ts';
import { type FaultInput, parseFaults } from '../faults/model.ts';
import type { History, HistoryRecord } from '../history/history.ts';
import type { PropertyResult } from '../report/model.ts';
import type { ScenarioInjector } from '../systems/backend-session.ts';
import type { SystemUnderTest } from '../systems/system-under-test.ts';
import { recordRequest } from './recorder.ts';
import { chatRequestArbitrary } from './requests.ts';
import type { PlannedRequest } from './traffic.ts';

export interface PropertyEnvironment {
  injector: ScenarioInjector;
  /** A fresh system (router) for each run: breakers and cooldowns must not leak between runs. */
  makeSystem: () => SystemUnderTest;
  ctx: CheckContext;
}

export interface PropertyRunOptions {
  seed: number;
  runs: number;
  /** fast-check's path to a counterexample: replays it directly. */
  path?: string;
  /** The command that replays this run, for the report. */
  replay?: string;
}

const requestsArbitrary = fc.array(fc.record({ body: chatRequestArbitrary, stream: fc.boolean() }), {
  minLength: 1,
  maxLength: 3,
});

/** Summarizes a counterexample for the report: the faults, and the shape of each request. */
function describeCounterexample(
  faults: FaultInput[],
  requests: Array<{ body: { messages: unknown[] }; stream: boolean }>,
) {
  return {
    faults,
    requests: requests.map((r) => ({ stream: r.stream, messages: r.body.messages.length })),
  };
}

/**
 * Runs one property with fast-check: arbitrary fault timelines × arbitrary requests, each run on
 * a fresh router behind the scenario's backend. Failures carry the seed, the shrunk counterexample
 * and fast-check's path, so the run replays exactly.
 */
export async function runProperty(
  id: string,
  env: PropertyEnvironment,
  options: PropertyRunOptions,
): Promise<PropertyResult> {
  const definition = PROPERTIES[id];
  if (!definition)
    throw new BrownoutTypeError(
      'BROWNOUT_PROPERTY_UNKNOWN',
      `unknown property "${id}" (known: ${Object.keys(PROPERTIES).join(', ')})`,
    );
  let lastWhy = '';
  const property = fc.asyncProperty(
    definition.timeline(env.ctx),
    requestsArbitrary,
    async (faults, requests) => {
      const history = await execute(env, faults, requests);
      const why = definition.holds(history, env.ctx);
      if (why) lastWhy = why;
      return why === undefined;
    },
  );
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.runs,
    ...(options.path ? { path: options.path } : {}),
  });
  const result: PropertyResult = {
    id,
    runs: details.numRuns,
    seed: details.seed,
    verdict: details.failed ? 'fail' : 'pass',
  };
  if (options.replay) result.replay = options.replay;
  if (details.failed && details.counterexample) {
    const [faults, requests] = details.counterexample;
    // Re-run the shrunk counterexample so the message matches it, not the last run tried.
    const history = await execute(env, faults, requests);
    result.counterexample = describeCounterexample(faults, requests);
    result.message = `${definition.describe}: falsified. ${definition.holds(history, env.ctx) ?? lastWhy}`;
    if (details.counterexamplePath) result.path = details.counterexamplePath;
  } else if (details.failed) {
    result.message = `${definition.describe}: the property threw: ${String(details.errorInstance)}`;
  } else {
    result.message = `${definition.describe}: held in ${details.numRuns} runs`;
  }
  return result;
}

async function execute(
  env: PropertyEnvironment,
  faults: FaultInput[],
  requests: Array<{ body: PlannedRequest['body']; stream: boolean }>,
): Promise<History> {
  const parsed = parseFaults(faults, 'property.faults');
  env.injector.setFaults(parsed);
  env.injector.reset();
  const system = env.makeSystem();
  const records: HistoryRecord[] = [];
  const t0 = performance.now();
  const never = new AbortController().signal;
  try {
    for (const [index, request] of requests.entries()) {
      records.push(
        await recordRequest(system, { index, ...request }, t0, never, env.ctx.policy.deadlineMs + 2_000),
      );
    }
  } finally {
    await system.close();
  }
  const stats = env.injector.stats();
  return {
    records,
    probes: [],
    events: [],
    faults: [],
    injected: parsed.map((_, i) => stats.faults.find((f) => f.index === i)?.injected ?? 0),
    durationMs: performance.now() - t0,
    providers: env.ctx.providers,
  };
}
