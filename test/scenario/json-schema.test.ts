import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createJiti } from 'jiti';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderScenarioJsonSchema, SCENARIO_SCHEMA_PATH } from '../../src/scenario/json-schema.ts';
import { findScenarioFiles, loadScenarioFile } from '../../src/scenario/load.ts';

const shipped = readFileSync(new URL(`../../${SCENARIO_SCHEMA_PATH}`, import.meta.url), 'utf8');
const YAML_EXAMPLE = 'examples/scenarios/my-outage.yaml';

function validator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  return ajv.compile(JSON.parse(shipped));
}

describe('schemas/scenario.schema.json', () => {
  it('is in step with the zod schemas (regenerate: npm run schema:scenario)', () => {
    expect(JSON.parse(shipped)).toEqual(JSON.parse(renderScenarioJsonSchema()));
  });

  it('accepts every built-in scenario and the YAML example', async () => {
    const validate = validator();
    const jiti = createJiti(import.meta.url);
    for (const file of await findScenarioFiles(['scenarios/*.ts'])) {
      const content = await jiti.import(file, { default: true });
      expect(
        validate(JSON.parse(JSON.stringify(content))),
        `${file}: ${JSON.stringify(validate.errors)}`,
      ).toBe(true);
    }
    const yaml = parse(readFileSync(YAML_EXAMPLE, 'utf8'));
    expect(validate(yaml), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the YAML example loads as brownout loads it', async () => {
    const [scenario] = await loadScenarioFile(YAML_EXAMPLE);
    expect(scenario?.id).toBe('my-outage');
  });

  it('refuses what the loader refuses: a typo, an unknown fault kind, a bad check option', () => {
    const validate = validator();
    const base = parse(readFileSync(YAML_EXAMPLE, 'utf8')) as Record<string, unknown>;
    expect(validate({ ...base, trafic: {} })).toBe(false);
    expect(validate({ ...base, faults: [{ kind: 'meteor', target: 'openai' }] })).toBe(false);
    expect(validate({ ...base, checks: { availability: { min: 2 } } })).toBe(false);
    expect(validate({ ...base, checks: { availabilty: { min: 1 } } })).toBe(false);
  });
});

describe('docs/checks.md', () => {
  const docs = readFileSync(new URL('../../docs/checks.md', import.meta.url), 'utf8');

  it('has a row for every check, naming every option the schema allows', async () => {
    const { CHECKS } = await import('../../src/checks/registry.ts');
    const { z } = await import('zod');
    for (const [id, { options }] of Object.entries(CHECKS)) {
      const row = docs.split('\n').find((line) => line.startsWith(`| \`${id}\` |`));
      expect(row, id).toBeDefined();
      const properties =
        (z.toJSONSchema(options, { io: 'input' }) as { properties?: object }).properties ?? {};
      for (const option of Object.keys(properties)) expect(row, `${id}.${option}`).toContain(`\`${option}\``);
    }
  });
});
