import type * as z from 'zod';
import { validateCheckConfig } from '../checks/config.ts';
import { type Fault, parseFaults } from '../faults/model.ts';
import { DEFAULT_PROVIDERS, providerName } from '../systems/reference.ts';
import { formatIssues, type IssueHints } from '../validation/issues.ts';
import { didYouMean } from './did-you-mean.ts';
import { ScenarioFileError } from './errors.ts';
import { type ScenarioInput, scenarioSchema } from './schema.ts';

/** A validated scenario, defaults applied, with the file it came from. */
export type Scenario = Omit<z.output<typeof scenarioSchema>, 'faults'> & { faults: Fault[]; source: string };

/** The field names the scenario schema knows at a path (through optional and default wrappers). */
function knownFields(_input: unknown, segments: readonly PropertyKey[]): string[] {
  let schema: unknown = scenarioSchema;
  for (const segment of [...segments, undefined]) {
    for (let i = 0; i < 5; i++) {
      const def = (schema as { _zod?: { def?: { innerType?: unknown; type?: string } } })._zod?.def;
      if (def?.innerType === undefined) break;
      schema = def.innerType;
    }
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    if (segment === undefined) return shape ? Object.keys(shape) : [];
    if (!shape || typeof segment !== 'string') return [];
    schema = shape[segment];
  }
  return [];
}

const HINTS: IssueHints = { fieldsAt: knownFields, guess: didYouMean };

/**
 * Validates a scenario (from a TypeScript, JSON or YAML file) and applies defaults.
 * Throws a `ScenarioFileError` that names the file, every offending field and what was expected.
 */
export function validateScenario(input: unknown, source: string): Scenario {
  if (input === null || input === undefined)
    throw new ScenarioFileError(source, [
      'is empty: expected a scenario (an object with id, title, traffic, checks)',
    ]);
  if (typeof input !== 'object')
    throw new ScenarioFileError(source, [
      `holds ${typeof input}, expected a scenario (an object with id, title, traffic, checks)`,
    ]);
  const parsed = scenarioSchema.safeParse(input, { reportInput: true });
  if (!parsed.success)
    throw new ScenarioFileError(
      source,
      formatIssues(parsed.error.issues, '', input, HINTS).map(
        (issue) => `${issue.path || '(root)'}: ${issue.message}`,
      ),
    );
  const issues: string[] = [];
  let faults: Fault[] = [];
  try {
    faults = parseFaults(parsed.data.faults, 'faults');
  } catch (error) {
    issues.push(...(error as Error).message.split('\n'));
  }
  // A fault aimed at a provider the scenario does not have would never fire: say so now.
  const providers = (parsed.data.router.providers ?? DEFAULT_PROVIDERS).map(providerName);
  faults.forEach((fault, i) => {
    if (!providers.includes(fault.target)) {
      issues.push(
        `faults[${i}].target: "${fault.target}" is no provider of this scenario (it has ${providers.join(', ')})`,
      );
    }
  });
  try {
    validateCheckConfig(parsed.data.checks);
  } catch (error) {
    issues.push(...(error as Error).message.split('\n'));
  }
  for (const [i, id] of (parsed.data.advisory ?? []).entries()) {
    if (!Object.hasOwn(parsed.data.checks, id))
      issues.push(
        `advisory[${i}]: "${id}" is not one of this scenario's checks (${Object.keys(parsed.data.checks).join(', ') || 'none'})`,
      );
  }
  if (issues.length > 0) throw new ScenarioFileError(source, issues);
  return { ...parsed.data, faults, source };
}

/**
 * Declares a scenario in TypeScript, fully typed. Returns its argument: validation happens
 * when the runner loads the file, so the same rules hold for TS, JSON and YAML.
 *
 * @example
 * export default defineScenario({
 *   id: 'primary-503-burst',
 *   title: 'OpenAI answers 503 for a burst; Hugging Face serves',
 *   traffic: { requests: 40, concurrency: 4 },
 *   faults: [{ kind: 'http-error', target: 'openai', status: 503, times: 20 }],
 *   checks: { availability: { min: 1 }, 'failover-latency': { p99: 250 } },
 * });
 */
export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}
