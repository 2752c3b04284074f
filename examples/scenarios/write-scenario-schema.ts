// Writes schemas/scenario.schema.json from the zod schemas: `npm run schema:scenario`.
import { writeFileSync } from 'node:fs';
import { renderScenarioJsonSchema, SCENARIO_SCHEMA_PATH } from '../../src/scenario/json-schema.ts';

writeFileSync(new URL(`../../${SCENARIO_SCHEMA_PATH}`, import.meta.url), renderScenarioJsonSchema());
process.stdout.write(`wrote ${SCENARIO_SCHEMA_PATH}\n`);
