/** A scenario file that cannot be used: names the file, the field and what was expected. Exit code 2. */
export class ScenarioFileError extends Error {
  readonly code = 'BROWNOUT_SCENARIO_INVALID';
  override readonly name = 'ScenarioFileError';
  constructor(
    readonly file: string,
    readonly issues: readonly string[],
  ) {
    super(`${file}:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

export function isScenarioFileError(error: unknown): error is ScenarioFileError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === 'BROWNOUT_SCENARIO_INVALID'
  );
}
