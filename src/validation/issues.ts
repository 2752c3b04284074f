import type * as z from 'zod';

/**
 * The one way brownout turns zod issues into messages (faults, check options, scenario files):
 * the field's path, what it must be, and the value received, e.g.
 * `faults[2].probability: must be in the range [0, 1], got 1.5`. Parse with `reportInput: true`
 * so issues carry the value received.
 */

/** One validation problem: where (`faults[2].probability`) and what (`must be in the range [0, 1], got 1.5`). */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** A problem at a path given as segments (callers that re-root the path, e.g. below `checks`). */
export interface IssueAt {
  segments: PropertyKey[];
  message: string;
}

/** What the formatter needs to know about the schema to say what would have been valid. */
export interface IssueHints {
  /** The discriminator values (fault kinds), for an unknown or missing `kind`. */
  kinds?: readonly string[];
  /** The valid field names of the object at `segments`, for a typo in a field name. */
  fieldsAt?(input: unknown, segments: readonly PropertyKey[]): readonly string[];
  /** The known field a typo most likely meant, if any (offered as "did you mean"). */
  guess?(typo: string, known: readonly string[]): string | undefined;
  /** What to say of an unknown field where no field is valid, e.g. "this check takes no options". */
  noFields?: string;
}

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

/** Our own schema messages say what a field must be; zod's defaults are not worth repeating. */
function ownWording(message: string): boolean {
  return message.startsWith('must ');
}

function unknownField(key: string, known: readonly string[], hints: IssueHints): string {
  const guess = hints.guess?.(key, known);
  if (guess) return `unknown field (did you mean "${guess}"?)`;
  if (known.length > 0) return `unknown field; valid fields are ${known.join(', ')}`;
  return `unknown field; ${hints.noFields ?? 'no fields are valid here (a typo?)'}`;
}

/** One zod issue as messages, each at its path's segments (an issue naming several keys gives several). */
export function describeIssue(issue: z.core.$ZodIssue, root: unknown, hints: IssueHints = {}): IssueAt[] {
  const input = (issue as { input?: unknown }).input;
  const segments = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const known = hints.fieldsAt?.(root, issue.path) ?? [];
    return issue.keys.map((key) => ({
      segments: [...segments, key],
      message: unknownField(key, known, hints),
    }));
  }
  if (issue.code === 'invalid_union' && (issue as { discriminator?: string }).discriminator) {
    const valid = (hints.kinds ?? []).map((k) => JSON.stringify(k)).join(', ');
    const value = (input as Record<string, unknown> | undefined)?.kind;
    const message =
      value === undefined
        ? `is required; valid kinds are ${valid}`
        : `unknown kind ${describeValue(value)}; valid kinds are ${valid}`;
    return [{ segments, message }];
  }
  if (issue.code === 'invalid_type' && input === undefined) {
    return [
      { segments, message: ownWording(issue.message) ? `is required; ${issue.message}` : 'is required' },
    ];
  }
  // A refinement over a whole object names its rule; "got an object" would add nothing.
  const wholeObject = issue.code === 'custom' && typeof input === 'object' && input !== null;
  const got = input === undefined || wholeObject ? '' : `, got ${describeValue(input)}`;
  return [{ segments, message: `${issue.message}${got}` }];
}

/**
 * Turns zod issues into messages that name the field, what it must be and the value received:
 * `faults[2].probability: must be in the range [0, 1], got 1.5`.
 */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  where: string,
  root: unknown,
  hints: IssueHints = {},
): ValidationIssue[] {
  return issues.flatMap((issue) =>
    describeIssue(issue, root, hints).map(({ segments, message }) => ({
      path: joinPath(where, segments),
      message,
    })),
  );
}
