import type { Scorecard } from './model.ts';
import { scorecardSchemaErrors } from './schema.ts';

/** A scorecard that does not match its own schema: a bug in brownout, never the user's fault. */
export class InvalidScorecardError extends Error {
  override readonly name = 'InvalidScorecardError';
  readonly code = 'BROWNOUT_INVALID_SCORECARD';
  constructor(readonly violations: string[]) {
    super(
      `brownout built a scorecard that does not match schemas/scorecard.schema.json: ${violations.slice(0, 5).join('; ')}. This is a bug in brownout; please report it.`,
    );
  }
}

/**
 * scorecard.json: validated against the shipped schema as it will be read back; throws
 * `InvalidScorecardError` when it does not match. Redact before calling.
 *
 * @example await writeFile('scorecard.json', renderScorecardJson(scorecard))
 */
export function renderScorecardJson(scorecard: Scorecard): string {
  const text = `${JSON.stringify(scorecard, null, 2)}\n`;
  const violations = scorecardSchemaErrors(JSON.parse(text));
  if (violations.length > 0) throw new InvalidScorecardError(violations);
  return text;
}
