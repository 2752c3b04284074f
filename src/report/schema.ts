import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { RunReport } from './model.ts';

/** The report's JSON Schema, shipped in the package (same relative path from src/ and dist/). */
export const REPORT_SCHEMA_URL = new URL('../../schemas/resilience-report.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;

function load(): ValidateFunction {
  if (validator) return validator;
  const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
  validator = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_URL, 'utf8')));
  return validator;
}

/** The violations of a value against the report schema, one `path: message` each (empty when valid). */
export function reportSchemaErrors(value: unknown): string[] {
  const validate = load();
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '/';
  if (error.keyword === 'enum' || error.keyword === 'const') {
    return `${where}: ${error.message ?? 'invalid'} ${JSON.stringify(error.params.allowedValues ?? error.params.allowedValue)}`;
  }
  return `${where}: ${error.message ?? 'invalid'}`;
}

/** A report file that could not be read, parsed or validated: says which file and what is wrong. */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
  readonly code = 'BROWNOUT_REPORT_INPUT';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/**
 * Parses and validates a resilience report read from `file` (the name is only for messages).
 * Throws a `ReportInputError` naming the file and the first few violations.
 *
 * @example parseReport(readFileSync('reports/resilience-report.json', 'utf8'), 'reports/resilience-report.json')
 */
export function parseReport(text: string, file: string): RunReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportInputError(file, `not JSON (${(error as Error).message})`);
  }
  const errors = reportSchemaErrors(value);
  if (errors.length > 0) {
    const shown = errors.slice(0, 5).join('; ');
    const more = errors.length > 5 ? ` and ${errors.length - 5} more` : '';
    throw new ReportInputError(file, `not a brownout resilience report (schemaVersion "1"): ${shown}${more}`);
  }
  return value as RunReport;
}

/** Reads and validates a report file; a `ReportInputError` says what is wrong with which file. */
export async function readReportFile(file: string): Promise<RunReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'a directory, not a report file'
          : (error as Error).message;
    throw new ReportInputError(file, `cannot read it (${reason})`);
  }
  return parseReport(text, file);
}
