import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/** The scorecard's JSON Schema, shipped in the package (same relative path from src/ and dist/). */
export const SCORECARD_SCHEMA_URL = new URL('../../schemas/scorecard.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;

/** The violations of a value against the scorecard schema, one `path: message` each (empty when valid). */
export function scorecardSchemaErrors(value: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
    validator = ajv.compile(JSON.parse(readFileSync(SCORECARD_SCHEMA_URL, 'utf8')));
  }
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}
