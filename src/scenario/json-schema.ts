import { z } from 'zod';
import { CHECKS } from '../checks/registry.ts';
import { FaultSchema } from '../faults/model.ts';
import { scenarioSchema } from './schema.ts';

/** Where the scenario-file JSON Schema ships (editors validate YAML and JSON scenarios with it). */
export const SCENARIO_SCHEMA_PATH = 'schemas/scenario.schema.json';

/**
 * The JSON Schema of a scenario file, generated from the zod schemas the loader validates with:
 * the scenario's own fields, each fault kind, and each check's options (its options object,
 * `true` for its defaults, or a list of option objects). One file or a list of scenarios.
 * Refinements zod cannot express (e.g. `requests` required for a closed loop) are checked at load.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const checks = z.strictObject(
    Object.fromEntries(
      Object.entries(CHECKS).map(([id, { options }]) => [
        id,
        z.union([options, z.literal(true), z.array(options)]).optional(),
      ]),
    ),
  );
  const scenario = scenarioSchema.extend({
    faults: z.array(FaultSchema).max(1000).optional(),
    checks,
  });
  const file = z.union([scenario, z.array(scenario).min(1)]);
  const schema = z.toJSONSchema(file, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
    reused: 'ref',
  });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'brownout scenario file',
    description:
      'A brownout scenario (or a list of them), as JSON or YAML. Generated from the zod schemas by `npm run schema:scenario`; a test keeps it in step.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

/** The schema file's text, as written to {@link SCENARIO_SCHEMA_PATH}. */
export function renderScenarioJsonSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
