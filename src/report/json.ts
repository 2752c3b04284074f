import type { RunReport } from './model.ts';
import { createRedactor, type Redactor, redactDeep } from './redact.ts';
import { reportSchemaErrors } from './schema.ts';

/** A report that does not match its own schema: a bug in brownout, never the user's fault. */
export class InvalidReportError extends Error {
  override readonly name = 'InvalidReportError';
  readonly code = 'BROWNOUT_INVALID_REPORT';
  constructor(readonly violations: string[]) {
    super(
      `brownout built a resilience report that does not match schemas/resilience-report.schema.json: ${violations.slice(0, 5).join('; ')}. This is a bug in brownout; please report it with the scenario that produced it.`,
    );
  }
}

/**
 * The JSON report (DESIGN.md, schemaVersion "1"): secrets redacted, validated against the shipped
 * schema as it will be read back (NaN quantiles become null). Throws `InvalidReportError` when the
 * report does not match.
 *
 * @example await writeFile('resilience-report.json', renderJson(report))
 */
export function renderJson(report: RunReport, redactor: Redactor = createRedactor()): string {
  const text = `${JSON.stringify(redactDeep(report, redactor), null, 2)}\n`;
  const violations = reportSchemaErrors(JSON.parse(text));
  if (violations.length > 0) throw new InvalidReportError(violations);
  return text;
}
