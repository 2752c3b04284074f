import * as z from 'zod';
import { monitorConfigSchema } from './config-schema.ts';

/**
 * The JSON Schema of monitor files, generated from the validator's own schema, for editors
 * (`# yaml-language-server: $schema=...` or `"$schema"` in JSON). schemas/monitor.schema.json
 * holds its output; test/monitor/json-schema.test.ts keeps the two in step.
 */
export function monitorJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(monitorConfigSchema, { target: 'draft-2020-12', io: 'input' }),
    $id: 'urn:brownout:schema:monitor:1',
    title: 'brownout monitor',
    description: 'A brownout synthetic monitor: providers to probe, thresholds, alerts, history, server.',
  };
}
