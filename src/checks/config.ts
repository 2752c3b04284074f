import { z } from 'zod';
import { describeIssue, describeValue, joinPath } from '../validation/issues.ts';
import { CHECK_IDS, CHECKS, type CheckId, isCheckId } from './registry.ts';

/**
 * One check's configuration: its options, `true` for its defaults, or a list of option objects to
 * run it several times (e.g. `served-by` for two providers; results are then `served-by[0]`, ...).
 */
export type CheckEntry<Options> = Options | true | Options[];

/** The `checks` of a scenario: check id → options. */
export type CheckConfig = { [K in CheckId]?: CheckEntry<z.input<(typeof CHECKS)[K]['options']>> };

/** A configuration problem: where (`path` below `checks`) and what was expected. */
export interface CheckConfigIssue {
  path: Array<string | number>;
  message: string;
}

/** The check configuration is unusable; `issues` holds one line per problem, each naming `checks.<id>.<field>`. */
export class CheckConfigError extends Error {
  override readonly name = 'CheckConfigError';
  readonly code = 'BROWNOUT_CHECK_CONFIG_INVALID';
  constructor(readonly issues: readonly string[]) {
    super(issues.join('\n'));
  }
}

/** Every problem in a check configuration (empty when it is valid). */
export function checkConfigIssues(config: unknown): CheckConfigIssue[] {
  if (!isObject(config)) return [{ path: [], message: 'must be an object of check id → options' }];
  const issues: CheckConfigIssue[] = [];
  for (const [id, value] of Object.entries(config)) {
    if (!isCheckId(id)) {
      issues.push({ path: [id], message: `unknown check; known checks: ${CHECK_IDS.join(', ')}` });
      continue;
    }
    const schema = CHECKS[id].options;
    if (value === true) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) issues.push({ path: [id], message: 'must list at least one options object' });
      value.forEach((item, i) => {
        issues.push(...optionIssues(schema, item, [id, i]));
      });
    } else {
      issues.push(...optionIssues(schema, value, [id]));
    }
  }
  return issues;
}

/**
 * Throws a `CheckConfigError` naming every offending `checks.<id>.<field>` and what was expected.
 *
 * @example validateCheckConfig({ availability: { mn: 0.99 } })
 * // CheckConfigError: checks.availability.min: is required; must be in the range [0, 1]
 * //                   checks.availability.mn: unknown field; valid fields are min
 */
export function validateCheckConfig(config: unknown): asserts config is CheckConfig {
  const issues = checkConfigIssues(config);
  if (issues.length > 0)
    throw new CheckConfigError(issues.map((i) => `${joinPath('checks', i.path)}: ${i.message}`));
}

/**
 * The `checks` field, for the scenario loader to embed: an object of check id → options (or `true`,
 * or a list of options objects), each validated strictly by its checker's schema. Issues carry the
 * path below `checks` and say what was expected.
 */
export const checkOptionsSchema = z
  .custom<CheckConfig>((value) => isObject(value), { error: 'must be an object of check id → options' })
  .superRefine((value, ctx) => {
    if (!isObject(value)) return;
    for (const issue of checkConfigIssues(value))
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

function optionIssues(schema: z.ZodType, value: unknown, at: Array<string | number>): CheckConfigIssue[] {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return [];
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const hints = { fieldsAt: () => known, noFields: 'this check takes no options' };
  return parsed.error.issues.flatMap((issue) => {
    if (issue.code === 'invalid_type' && issue.path.length === 0) {
      const got = issue.input === undefined ? '' : `, got ${describeValue(issue.input)}`;
      return [{ path: at, message: `must be an options object (or true for the defaults)${got}` }];
    }
    return describeIssue(issue, value, hints).map(({ segments, message }) => ({
      path: [...at, ...segments.map((p) => (typeof p === 'number' ? p : String(p)))],
      message,
    }));
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
