import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { AssertionsInput } from './config-schema.ts';

/** Checks on the answer's text; each returns why it failed, or undefined. */
export type ContentAssertion = (text: string) => string | undefined;

/**
 * Compiles the configured assertions once: `contains` (case-insensitive), `matches` (a regular
 * expression) and `jsonSchema` (the answer parsed as JSON, for structured output).
 */
export function compileAssertions(input: AssertionsInput): ContentAssertion[] {
  const out: ContentAssertion[] = [];
  for (const needle of input.contains ?? []) {
    const lower = needle.toLowerCase();
    out.push((text) =>
      text.toLowerCase().includes(lower) ? undefined : `the answer does not contain "${needle}"`,
    );
  }
  if (input.matches !== undefined) {
    const pattern = new RegExp(input.matches);
    out.push((text) => (pattern.test(text) ? undefined : `the answer does not match /${input.matches}/`));
  }
  if (input.jsonSchema !== undefined) {
    const validate: ValidateFunction = new Ajv2020({ strict: false, allErrors: false }).compile(
      input.jsonSchema,
    );
    out.push((text) => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return 'the answer is not JSON';
      }
      if (validate(value)) return undefined;
      const first = validate.errors?.[0];
      return `the answer does not fit the JSON Schema (${first?.instancePath || '/'}: ${first?.message ?? 'invalid'})`;
    });
  }
  return out;
}

/** The first failing assertion's message, or undefined when all pass. */
export function firstFailure(assertions: readonly ContentAssertion[], text: string): string | undefined {
  for (const check of assertions) {
    const failure = check(text);
    if (failure) return failure;
  }
  return undefined;
}
