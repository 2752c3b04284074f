import type * as z from 'zod';
import type { FaultIssue } from './errors.ts';

/** Renders a path like `faults[2].flap.periodMs` from a prefix and zod's path segments. */
export function joinPath(where: string, segments: readonly PropertyKey[]): string {
  let out = where;
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

/** A value as a message shows it: `1.5`, `"htp-error"`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  // JSON has no Infinity or NaN (YAML's .inf, .nan): say what was given, not `null`.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** What the formatter needs to know about the schema to say what would have been valid. */
export interface IssueHints {
  /** The discriminator values (fault kinds), for an unknown or missing `kind`. */
  kinds: readonly string[];
  /** The valid field names of the object at `segments`, for a typo in a field name. */
  fieldsAt(input: unknown, segments: readonly PropertyKey[]): readonly string[];
}

/**
 * Turns zod issues (parsed with `reportInput: true`) into messages that name the field, the
 * valid range and the value received: `faults[2].probability: must be in the range [0, 1], got 1.5`.
 */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  where: string,
  root: unknown,
  hints: IssueHints,
): FaultIssue[] {
  const out: FaultIssue[] = [];
  for (const issue of issues) {
    const input = (issue as { input?: unknown }).input;
    if (issue.code === 'unrecognized_keys') {
      const fields = hints.fieldsAt(root, issue.path);
      for (const key of issue.keys) {
        out.push({
          path: joinPath(where, [...issue.path, key]),
          message: `unknown field; valid fields are ${fields.join(', ')}`,
        });
      }
    } else if (issue.code === 'invalid_union' && (issue as { discriminator?: string }).discriminator) {
      const valid = hints.kinds.map((k) => JSON.stringify(k)).join(', ');
      const value = (input as Record<string, unknown> | undefined)?.kind;
      out.push({
        path: joinPath(where, issue.path),
        message:
          value === undefined
            ? `is required; valid kinds are ${valid}`
            : `unknown kind ${describeValue(value)}; valid kinds are ${valid}`,
      });
    } else if (issue.code === 'invalid_type' && input === undefined) {
      out.push({ path: joinPath(where, issue.path), message: `is required: ${issue.message}` });
    } else {
      const got = input === undefined ? '' : `, got ${describeValue(input)}`;
      out.push({ path: joinPath(where, issue.path), message: `${issue.message}${got}` });
    }
  }
  return out;
}
