import { z } from 'zod';
import type { Checker } from './check.ts';
import { offenders, verdict } from './verdict.ts';

export const schemaValidOptions = z.strictObject({});
export type SchemaValidOptions = z.infer<typeof schemaValidOptions>;

/**
 * Output-format parity: every ok answer (and every streamed `info` one, whose chunks reached the
 * caller) was valid against the official OpenAI schema, whichever provider served it. A record
 * with no verdict on its schema counts as invalid. Measured: the number of invalid answers.
 *
 * @example schemaValid(history, {}, ctx)
 */
export const schemaValid: Checker<SchemaValidOptions> = (history) => {
  const id = 'schema-valid';
  const answered = history.records.filter(
    (r) => r.completion === 'ok' || (r.stream && r.completion === 'info'),
  );
  if (answered.length === 0) {
    return verdict(
      id,
      false,
      null,
      0,
      'vacuous: no request completed ok, so no output could be checked against the schema',
    );
  }
  const invalid = answered.filter((r) => r.schemaValid !== true);
  if (invalid.length === 0) {
    return verdict(id, true, 0, 0, `all ${answered.length} answers valid against the official schema`);
  }
  const first = invalid[0]!;
  const providers = [...new Set(invalid.map((r) => r.servedBy ?? 'an unknown provider'))].join(', ');
  const why = first.schemaValid === false ? (first.schemaError ?? 'no error recorded') : 'schema not checked';
  return verdict(
    id,
    false,
    invalid.length,
    0,
    `expected every answer valid against the official schema; ${invalid.length} of ${answered.length} from ${providers} were not (${offenders(invalid.map((r) => `#${r.index}`))}); first, #${first.index} from ${first.servedBy ?? 'an unknown provider'}: ${why}`,
  );
};
